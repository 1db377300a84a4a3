"""Database credentials: passwords in connection URLs, JDBC URLs, ADO.NET/ODBC connection
strings and `.pgpass` lines, and user:password in any URL (HTTP basic auth, git, FTP).

The reported secret is the password alone, so the host and user stay readable.
"""

from __future__ import annotations

from veil.detect.base import Examples, SecretRule
from veil.detect.filters import (
    is_default_password,
    is_interpolation,
    is_password_hash,
    is_placeholder,
    is_port_or_stub,
    is_template,
)
from veil.detect.samples import ALNUM, B64URL, DIGITS, LOWER, fake

URL_FILTERS = (
    is_placeholder,
    is_template,
    is_interpolation,
    is_default_password,
    is_port_or_stub,
)

_DB_SCHEMES = (
    r"postgres(?:ql)?|pgsql|mysqlx?|mariadb|mongodb(?:\+srv)?|rediss?|valkey|amqps?|mssql|"
    r"sqlserver|oracle|clickhouse|cockroachdb|neo4j(?:\+s|\+ssc)?|bolt(?:\+s|\+ssc)?|couchdbs?|"
    r"cassandra|scylladb|snowflake|db2|timescaledb|influxdb|memcached|nats|presto|trino|vertica|"
    r"teradata|hana|questdb|yugabytedb|singlestore|tidb|surrealdb|arangodb|rethinkdb|cloudant"
)
# userinfo: a user (may be empty: `redis://:pw@host`), `:`, then the password up to the last `@`
# before the host; the host must not be a documentation domain. People paste passwords unescaped,
# so `#` and `?` belong to the password too, unless what follows reads as a query or a fragment
# (`=`, `&` or `/` before the next `@`): `mongodb+srv://admin:Lilac2008#@cluster0...`.
_USERINFO = (
    r"""(?P<user>[^\s:/?#@"'`<>]*):"""
    r"""(?P<secret>(?:[^\s/?#"'`]|[?#](?![^\s/@"'`]*[=&/]))+)@"""
)
_HOST = r"""(?!(?:[\w\-]+\.)*example\.(?:com|org|net)\b)[\w\[%\-]"""
_PW = fake(14, ALNUM, seed="db-pw") + "!"
_PW2 = fake(20, ALNUM, seed="db-pw-2")
_PW3 = fake(9, LOWER, seed="db-pw-3") + fake(3, DIGITS, seed="db-pw-3d") + "$"
_PW4 = fake(16, B64URL, seed="db-pw-4")
_TOKEN = fake(40, ALNUM, seed="url-token")

DATABASE_URL = SecretRule(
    id="database-url-password",
    kind="database_password",
    regex=(rf"(?<![A-Za-z0-9+.\-])(?i:{_DB_SCHEMES})(?:\+[A-Za-z0-9_]+)?://{_USERINFO}{_HOST}"),
    keywords=(
        "postgres",
        "pgsql",
        "mysql",
        "mariadb",
        "mongodb",
        "redis",
        "valkey",
        "amqp",
        "mssql",
        "sqlserver",
        "oracle",
        "clickhouse",
        "cockroach",
        "neo4j",
        "bolt",
        "couchdb",
        "cassandra",
        "scylla",
        "snowflake",
        "db2",
        "timescale",
        "influx",
        "memcached",
        "nats",
        "presto",
        "trino",
        "vertica",
        "teradata",
        "hana",
        "questdb",
        "yugabyte",
        "singlestore",
        "tidb",
        "surrealdb",
        "arangodb",
        "rethinkdb",
        "cloudant",
    ),
    filters=URL_FILTERS,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"DATABASE_URL=postgres://app:{_PW}@db.internal:5432/shop",
            f'SQLALCHEMY_DATABASE_URI = "postgresql+psycopg2://app:{_PW2}@10.0.3.7/app"',
            f"mongodb+srv://svc-reader:{_PW3}@cluster0.ab1cd.mongodb.net/prod?retryWrites=true",
            f"REDIS_URL=redis://:{_PW4}@cache.internal:6379/0",
            f"  url: rediss://default:{_PW}@eu1-fancy-owl.upstash.io:6379",
            f'"broker_url": "amqps://worker:{_PW2}@mq.internal:5671/vhost"',
            f"jdbc:mysql://root:{_PW3}@mysql.internal:3306/erp",
            f"mssql+pyodbc://sa:{_PW4}@sqlsrv.internal/master?driver=ODBC+Driver+18",
            f"clickhouse://reader:{_PW}@ch.internal:9000/metrics",
            f"NEO4J_URI=neo4j+s://neo4j:{_PW2}@graph.internal:7687",
            f"mysql://shop:p@ss{_PW3}@db.internal/shop",
            f"oracle+cx_oracle://scott:{_PW4}@ora.internal:1521/?service_name=ORCL",
            f"MONGO_URI=mongodb+srv://admin:{_PW3}#@cluster0.ab1cd.mongodb.net/app?w=majority",
            f'DB_URL="postgres://app:{_PW[:6]}%{_PW2[:8]}#@pg.internal:5432/orders"',
            f"REDIS_URL=redis://:{_PW4[:5]}#{_PW2[:6]}#{_PW[:3]}@cache.internal:6379/2",
            f"MONGO_URI=mongodb+srv://app:{_PW2[:7]}?@cluster0.qm5kb.mongodb.net/hooks",
        ),
        negatives=(
            "postgres://user@db.internal/app",  # no password
            "postgres://user:${DB_PASSWORD}@db.internal/app",  # template
            "postgres://user:password@localhost/app",  # placeholder
            "postgres://postgres:postgres@localhost:5432/postgres",  # the image's default
            "mysql://root:@localhost/app",  # empty password
            "mongodb+srv://<username>:<password>@cluster0.mongodb.net",  # template
            'f"postgresql://{user}:{password}@{host}/db"',  # format string
            "postgresql://%s:%s@%s/%s",  # printf format
            "redis://cache.internal:6379/0",  # no credentials
            f"postgres://app:{_PW}@db.example.com/app",  # documentation host
            "mysql://admin:****@db.internal/app",  # masked
            f"mypostgres://app:{_PW}@db.internal/app",  # another scheme
            "redis://cache.internal:6379?user=app&x=a@b.internal",  # a query, no userinfo
        ),
        documented=(
            "postgres://app:xxxxxxxx@db.internal/app",  # placeholder
        ),
    ),
)

URL_BASIC_AUTH = SecretRule(
    id="url-basic-auth",
    kind="url_password",
    regex=rf"(?<![A-Za-z0-9+.\-])[A-Za-z][A-Za-z0-9+.\-]*://{_USERINFO}{_HOST}",
    keywords=("://",),
    filters=URL_FILTERS,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"git clone https://x-access-token:{_TOKEN}@github.com/org/repo.git",
            f"pip install git+https://deploy:{_PW}@git.internal/team/lib.git@v1.2",
            f"ftp://backup:{_PW2}@ftp.internal/dumps/",
            f"ELASTICSEARCH_URL=https://elastic:{_PW3}@es.internal:9200",
            f'"registry": "https://npm:{_PW4}@registry.internal/"',
            f"sftp://ops:{_PW}@files.internal:22/upload",
            f"smtp://mailer:{_PW2}@smtp.internal:587",
            f"https://:{_TOKEN}@git.internal/org/repo.git",
            f'HttpProxy: "https://deploy:{_PW3}#@git.internal/org/repo.git",',
            f'REGISTRY_URL = "https://admin:#{_PW2}+{_PW4[:4]}@artifactory.internal/org/repo.git"',
        ),
        negatives=(
            "http://localhost:8080",  # no credentials
            "https://user:<password>@host.internal",  # template
            "https://user:$GITHUB_TOKEN@github.com/org/repo",  # template
            "https://x-access-token:${{ secrets.GITHUB_TOKEN }}@github.com/o/r",  # template
            "https://username:password@host.internal",  # placeholder
            "https://user:pass@host.internal",  # placeholder
            "ssh://git@github.com:22/org/repo.git",  # no password
            "http://[fe80::1]:8080/status",  # an IPv6 address
            f"https://user:{_PW}@www.example.com/",  # documentation host
            "http://proxy.internal:3128@",  # a port
            f"https://me:{_PW}@mail.example.org/inbox",  # documentation domain
            "https://admin:admin@grafana.internal",  # user = password
            "http://localhost:8080#/login@home",  # a port, then a fragment
            "https://docs.internal:443?next=/a@b",  # a port, then a query
            "http://test.internal:%HTTPPORT#@127.0.0.1/tricked.html",  # a port variable
        ),
    ),
)

JDBC_PASSWORD = SecretRule(
    id="jdbc-password",
    kind="database_password",
    regex=(
        r"""jdbc:(?:oracle:(?:thin|oci):[\w$#]+/|[a-z0-9]+:[^\s"'`]{0,300}?[?;&:](?i:password|pwd)=)"""
        r"""(?P<secret>[^&;@\s"'`]+)(?=[@&;\s"'`]|$)"""
    ),
    keywords=("jdbc:",),
    filters=(*URL_FILTERS, is_password_hash),
    confidence=0.85,
    examples=Examples(
        positives=(
            f"jdbc:mysql://db.internal:3306/erp?user=erp&password={_PW}&useSSL=true",
            f'url = "jdbc:postgresql://pg.internal/app?user=app&password={_PW2}"',
            f"jdbc:sqlserver://sql.internal:1433;databaseName=crm;user=sa;password={_PW3};",
            f"spring.datasource.url=jdbc:oracle:thin:scott/{_PW4}@ora.internal:1521:ORCL",
            f"jdbc:db2://db2.internal:50000/BANK:user=db2inst1;password={_PW};",
        ),
        negatives=(
            "jdbc:mysql://db.internal:3306/erp?user=erp",  # no password
            "jdbc:postgresql://pg.internal/app?user=app&password=${DB_PASS}",  # template
            "jdbc:sqlserver://sql.internal;user=sa;password=;",  # empty
            "jdbc:mysql://db.internal/erp?user=erp&password=secret",  # placeholder
            "jdbc:oracle:thin:@ora.internal:1521:ORCL",  # no credentials
        ),
    ),
)

_CONNECTION_KEYS = (
    r"server|data[ ]source|host|address|addr|network[ ]address|user[ ]id|uid|user|username|"
    r"initial[ ]catalog|database|dsn|driver|provider|port"
)
CONNECTION_STRING_PASSWORD = SecretRule(
    id="connection-string-password",
    kind="database_password",
    regex=(
        rf"(?<![\w])(?i:{_CONNECTION_KEYS})[ \t]*=[^;\n]*;(?:[^\n;]*;){0, 16}?[ \t]*"
        r"""(?i:password|pwd)[ \t]*=[ \t]*[{"']?(?P<secret>[^;{}"'\s]+)"""
        r"""(?=[}"']?[ \t]*(?:;|$|["'\n]))"""
    ),
    keywords=("password", "pwd"),
    filters=URL_FILTERS,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"Server=sql.internal;Database=Crm;User Id=crm_app;Password={_PW};",
            f'"DefaultConnection": "Data Source=tcp:db.internal,1433;Initial Catalog=Shop;'
            f'User ID=shop;Password={_PW2};Encrypt=True"',
            f"Driver={{ODBC Driver 18 for SQL Server}};Server=sql.internal;UID=etl;PWD={{{_PW3}}};",
            f'connectionString="Host=pg.internal;Username=app;Password={_PW4}"',
            f"Provider=OraOLEDB.Oracle;Data Source=ORCL;User Id=scott;Password={_PW};",
            f"server=mysql.internal;port=3306;uid=shop;pwd={_PW2}",
        ),
        negatives=(
            "Server=sql.internal;Database=Crm;Integrated Security=True;",  # no password
            "Server=sql.internal;Database=Crm;User Id=sa;Password=;",  # empty
            "Server=sql.internal;Database=Crm;User Id=sa;Password={your_password};",  # placeholder
            "Server=sql.internal;User Id=sa;Password=$(DB_PASSWORD);",  # template
            "Server=sql.internal;User Id=sa;Password=********;",  # masked
            f"Password={_PW};",  # not in a connection string
        ),
    ),
)

PGPASS_PASSWORD = SecretRule(
    id="pgpass-password",
    kind="database_password",
    regex=(
        r"(?<![^\n])[ \t]*(?:[\w.\-]+|\*):(?:\d{1,5}|\*):(?:[\w.\-$]+|\*):(?:[\w.\-@$]+|\*):"
        r"(?P<secret>(?:[^\s:\\]|\\[:\\])+)[ \t]*(?![^\r\n])"
    ),
    keywords=("pgpass", ":5432:", "postgres", ":*:"),
    filters=(*URL_FILTERS, is_password_hash),
    confidence=0.7,
    examples=Examples(
        positives=(
            f"# ~/.pgpass\ndb.internal:5432:shop:shop_app:{_PW}\n",
            f"localhost:5432:*:postgres:{_PW2}",
            f"$ cat ~/.pgpass\n*:*:*:replicator:{_PW3}\n",
            f"# postgres replica\npg-replica.internal:6432:analytics:reader:{_PW4}",
        ),
        negatives=(
            "root:x:0:0:root:/root:/bin/bash",  # /etc/passwd
            "localhost:5432:shop:shop_app:${PGPASSWORD}",  # template
            "localhost:5432:shop:shop_app:password",  # placeholder
            "localhost:5432:shop:shop_app",  # no password field
            "postgres 12:30:45:00:01",  # a time, not a pgpass line
        ),
    ),
)

RULES = (
    DATABASE_URL,
    URL_BASIC_AUTH,
    JDBC_PASSWORD,
    CONNECTION_STRING_PASSWORD,
    PGPASS_PASSWORD,
)
