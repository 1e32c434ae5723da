"""End-to-end test of `because mcp` with the official Python MCP client (PyPI `mcp`).

Usage: client_test.py BECAUSE_BIN REPO_DIR. Exits non-zero on the first failed assertion.
The repository holds 0001 (accepted), 0002 "Use PostgreSQL for events" (proposed, decided by
@sam, its sections filled in) and 0003 (proposed, placeholder sections).
"""
import asyncio
import os
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

BIN, REPO = sys.argv[1], sys.argv[2]


def server(*flags):
    env = dict(os.environ, BECAUSE_NOW="2026-03-01T12:00:00Z")
    return StdioServerParameters(command=BIN, args=["mcp", *flags], cwd=REPO, env=env)


async def read_only():
    async with stdio_client(server()) as (r, w):
        async with ClientSession(r, w) as s:
            init = await s.initialize()
            assert init.server_info.name == "because", init
            names = {t.name for t in (await s.list_tools()).tools}
            assert names == {"list_records", "show_record", "search", "check"}, names

            listed = await s.call_tool("list_records", {"status": "proposed"})
            assert not listed.is_error, listed
            numbers = [r["number"] for r in listed.structured_content["records"]]
            assert numbers == [2, 3], numbers
            by_person = await s.call_tool("list_records", {"person": "@sam", "text": "postgresql"})
            assert [r["number"] for r in by_person.structured_content["records"]] == [2], by_person

            shown = await s.call_tool("show_record", {"record": "2"})
            assert shown.structured_content["title"] == "Use PostgreSQL for events", shown
            assert shown.structured_content["in_force"] != "yes", shown
            missing = await s.call_tool("show_record", {"record": "99"})
            assert missing.is_error and "99" in missing.content[0].text, missing

            found = await s.call_tool("search", {"query": "postgresql"})
            results = found.structured_content["results"]
            assert results and results[0]["number"] == 2, results

            checked = await s.call_tool("check", {})
            rules = {f["rule"] for f in checked.structured_content["findings"]}
            assert "placeholder-left" in rules, rules

            resources = (await s.list_resources()).resources
            uris = [str(r.uri) for r in resources]
            assert "because://records/0002" in uris, uris
            text = (await s.read_resource("because://records/0002")).contents[0].text
            assert text.startswith("---") and "Use PostgreSQL for events" in text, text

            refused = await s.call_tool("set_status", {"record": "2", "status": "accepted"})
            assert refused.is_error and "--allow-write" in refused.content[0].text, refused


async def writes():
    async with stdio_client(server("--allow-write")) as (r, w):
        async with ClientSession(r, w) as s:
            await s.initialize()
            names = {t.name for t in (await s.list_tools()).tools}
            assert {"new_record", "set_status", "link_records"} <= names, names

            created = await s.call_tool("new_record", {"title": "Cache sessions in Redis", "decision_maker": "@sam"})
            assert not created.is_error, created
            path = created.structured_content["path"]
            assert path == "docs/decisions/0004-cache-sessions-in-redis.md", path
            assert os.path.exists(os.path.join(REPO, path)), path

            # The same refusal as the command line: 0003 still holds template text.
            refused = await s.call_tool("set_status", {"record": "3", "status": "accepted", "decision_maker": "@kim"})
            assert refused.is_error and "placeholder" in refused.content[0].text, refused

            accepted = await s.call_tool("set_status", {"record": "2", "status": "accepted"})
            assert not accepted.is_error, accepted
            assert accepted.structured_content["paths"] == ["docs/decisions/0002-use-postgresql-for-events.md"]

            linked = await s.call_tool("link_records", {"from": "4", "relation": "relates-to", "to": "2"})
            assert not linked.is_error, linked
            shown = await s.call_tool("show_record", {"record": "2"})
            assert shown.structured_content["status"] == "accepted", shown
            assert shown.structured_content["in_force"] == "yes", shown


asyncio.run(read_only())
asyncio.run(writes())
print("mcp client test: ok")
