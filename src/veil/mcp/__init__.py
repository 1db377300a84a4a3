"""`veil mcp`: a stdio MCP server giving agents deny-list-aware, masked file reads and scans."""
