"""Read access-control statements with sqlglot's Snowflake dialect into grant facts.

sqlglot builds ``exp.Grant`` for object grants and ``exp.Use`` for USE ROLE; CREATE ROLE,
GRANT ROLE and ALL/FUTURE grants come back as ``exp.Command``, whose tokens are matched here
against the only shapes the file may use. Anything else is an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlglot
from sqlglot import exp


@dataclass(frozen=True)
class Privilege:
    privilege: str
    kind: str  # WAREHOUSE, DATABASE, SCHEMA, VIEW, or ALL TABLES / FUTURE VIEWS ... IN SCHEMA
    target: str
    role: str


@dataclass
class GrantModel:
    used_roles: list[str] = field(default_factory=list)
    created_roles: list[str] = field(default_factory=list)
    # GRANT ROLE r TO ROLE p: role_parents[r] holds p (p gets r's privileges).
    role_parents: dict[str, set[str]] = field(default_factory=dict)
    privileges: list[Privilege] = field(default_factory=list)

    def roles_held(self, role: str) -> set[str]:
        """``role`` and every role granted to it, transitively (whose privileges it has)."""
        seen, todo = set(), [role]
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo += [r for r, parents in self.role_parents.items() if current in parents]
        return seen

    def effective(self, role: str) -> set[tuple[str, str, str]]:
        roles = self.roles_held(role)
        return {(p.privilege, p.kind, p.target) for p in self.privileges if p.role in roles}


def read_grants(statements: list[str]) -> GrantModel:
    model = GrantModel()
    for statement in statements:
        parsed = sqlglot.parse_one(statement, read="snowflake")
        if isinstance(parsed, exp.Use):
            assert parsed.text("kind").upper() == "ROLE", statement
            model.used_roles.append(parsed.this.name)
        elif isinstance(parsed, exp.Grant):
            [principal] = parsed.args["principals"]
            assert principal.args.get("kind") == "ROLE", statement
            assert not parsed.args.get("grant_option"), statement
            for privilege in parsed.args["privileges"]:
                model.privileges.append(
                    Privilege(
                        privilege.this.name.upper(),
                        parsed.text("kind").upper(),
                        parsed.args["securable"].sql("snowflake"),
                        principal.name,
                    )
                )
        else:
            assert isinstance(parsed, exp.Command), statement
            _read_command(model, statement)
    return model


def _read_command(model: GrantModel, statement: str) -> None:
    tokens = [t.text.upper() for t in sqlglot.tokenize(statement, read="snowflake")]
    match tokens:
        case ["CREATE", "ROLE", "IF", "NOT", "EXISTS", role, *rest]:
            assert rest == [] or (rest[:2] == ["COMMENT", "="] and len(rest) == 3), statement
            model.created_roles.append(role)
        case ["GRANT", "ROLE", role, "TO", "ROLE", parent]:
            model.role_parents.setdefault(role, set()).add(parent)
        case [
            "GRANT",
            privilege,
            "ON",
            scope,
            kind,
            "IN",
            "SCHEMA",
            db,
            ".",
            schema,
            "TO",
            "ROLE",
            role,
        ]:
            assert scope in {"ALL", "FUTURE"} and kind in {"TABLES", "VIEWS"}, statement
            model.privileges.append(Privilege(privilege, f"{scope} {kind}", f"{db}.{schema}", role))
        case _:
            raise AssertionError(f"unexpected statement shape: {statement}")
