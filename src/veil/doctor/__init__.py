"""`veil doctor`: audits the machine and the repository the way a security lead would (AI tools
and where their traffic goes, .gitignore, tracked secret files, the pre-commit hook, the
gateway) and proves the masking with a self-test against a built-in capture upstream."""
