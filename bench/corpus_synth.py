"""Synthetic filler for the syntaxes the virtual environment has no real sources of: JS/TS, Go,
Java, configs, shell scripts and Dockerfiles. Templates with random identifiers and numbers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from random import Random

from corpus_negatives import private_ip, version
from corpus_values import SERVICES, WORDS

_NOUNS = (
    "order invoice customer product session payment shipment report account event ticket "
    "cart coupon subscription refund address batch job message tenant quota"
)
NOUNS = tuple(_NOUNS.split())
_VERBS = "fetch create update delete list sync validate export load save process render"
VERBS = tuple(_VERBS.split())

JS = (
    """export async function {verb}{Noun}s(client, options = {{}}) {{
  const {{ limit = {n}, cursor }} = options;
  const response = await client.get(`/api/v{v}/{noun}s`, {{ params: {{ limit, cursor }} }});
  if (response.status !== 200) {{
    throw new Error(`{verb}{Noun}s failed: ${{response.status}}`);
  }}
  return response.data.items.map((item) => normalize{Noun}(item));
}}""",
    """function normalize{Noun}(raw) {{
  return {{
    id: String(raw.id),
    {noun}Type: raw.type ?? "{word}",
    createdAt: new Date(raw.created_at),
    total: Number(raw.total || 0) / {n},
    tags: Array.isArray(raw.tags) ? raw.tags.slice(0, {m}) : [],
  }};
}}""",
    """class {Noun}Store {{
  constructor(db) {{
    this.db = db;
    this.cache = new Map();
  }}

  async get(id) {{
    if (this.cache.has(id)) return this.cache.get(id);
    const row = await this.db.query("SELECT * FROM {noun}s WHERE id = $1", [id]);
    this.cache.set(id, row);
    return row;
  }}
}}""",
    """router.{method}("/{noun}s/:id", async (req, res, next) => {{
  try {{
    const {noun} = await {noun}Service.{verb}(req.params.id, req.body);
    res.status({status}).json({noun});
  }} catch (err) {{
    logger.warn("{verb} {noun} failed", {{ id: req.params.id, err: err.message }});
    next(err);
  }}
}});""",
    """const {WORD}_RETRY = {{ attempts: {m}, backoffMs: {n}, jitter: true }};

export function withRetry(fn, policy = {WORD}_RETRY) {{
  return async (...args) => {{
    for (let i = 0; i < policy.attempts; i += 1) {{
      try {{
        return await fn(...args);
      }} catch (e) {{
        await new Promise((r) => setTimeout(r, policy.backoffMs * (i + 1)));
      }}
    }}
    return fn(...args);
  }};
}}""",
)
TS = (
    """export interface {Noun} {{
  id: string;
  {noun}Type: "{word}" | "{word2}";
  createdAt: Date;
  amountCents: number;
  metadata?: Record<string, string>;
}}""",
    """export class {Noun}Service {{
  constructor(private readonly repo: Repository<{Noun}>, private readonly log: Logger) {{}}

  async {verb}(id: string): Promise<{Noun} | undefined> {{
    const found = await this.repo.findOne({{ where: {{ id }} }});
    if (!found) {{
      this.log.debug(`{noun} ${{id}} not found`);
    }}
    return found ?? undefined;
  }}
}}""",
    *JS[1:4],
)
GO = (
    """type {Noun} struct {{
\tID        string    `json:"id"`
\tKind      string    `json:"kind"`
\tCreatedAt time.Time `json:"created_at"`
\tTotal     int64     `json:"total"`
}}""",
    """func (s *{Noun}Service) {Verb}(ctx context.Context, id string) (*{Noun}, error) {{
\tctx, cancel := context.WithTimeout(ctx, {m}*time.Second)
\tdefer cancel()
\trow := s.db.QueryRowContext(ctx, "SELECT id, kind, total FROM {noun}s WHERE id = $1", id)
\tvar out {Noun}
\tif err := row.Scan(&out.ID, &out.Kind, &out.Total); err != nil {{
\t\treturn nil, fmt.Errorf("{verb} {noun} %s: %w", id, err)
\t}}
\treturn &out, nil
}}""",
    """func (h *Handler) {Verb}{Noun}(w http.ResponseWriter, r *http.Request) {{
\tid := chi.URLParam(r, "id")
\tresult, err := h.svc.{Verb}(r.Context(), id)
\tif err != nil {{
\t\thttp.Error(w, err.Error(), http.StatusInternalServerError)
\t\treturn
\t}}
\tw.Header().Set("Content-Type", "application/json")
\t_ = json.NewEncoder(w).Encode(result)
}}""",
)
JAVA = (
    """    public {Noun} {verb}{Noun}(String id) {{
        {Noun} found = repository.findById(id)
            .orElseThrow(() -> new NotFoundException("{noun} " + id));
        log.info("{verb} {noun} {{}}", id);
        return found;
    }}""",
    """    @GetMapping("/{noun}s/{{id}}")
    public ResponseEntity<{Noun}Dto> get{Noun}(@PathVariable String id) {{
        return service.{verb}(id)
            .map(mapper::toDto)
            .map(ResponseEntity::ok)
            .orElse(ResponseEntity.notFound().build());
    }}""",
    """    private static final int MAX_{WORD} = {n};
    private final {Noun}Repository repository;
    private final Clock clock;

    public {Noun}Service({Noun}Repository repository, Clock clock) {{
        this.repository = repository;
        this.clock = clock;
    }}""",
)


def _fill(rng: Random, template: str) -> str:
    noun, word = rng.choice(NOUNS), rng.choice(WORDS)
    verb = rng.choice(VERBS)
    return template.format(
        noun=noun, Noun=noun.capitalize(), verb=verb, Verb=verb.capitalize(), word=word,
        word2=rng.choice(WORDS), WORD=word.upper(), n=rng.choice((10, 25, 50, 100, 250, 1000)),
        m=rng.randint(2, 9), v=rng.randint(1, 3), status=rng.choice((200, 201, 202)),
        method=rng.choice(("get", "post", "put", "patch")),
    )  # fmt: skip


def _yaml(rng: Random) -> str:
    svc = rng.choice(SERVICES)
    return rng.choice(
        (
            f"server:\n  host: 0.0.0.0\n  port: {rng.choice((8080, 8000, 3000, 9090))}\n"
            f"  workers: {rng.randint(2, 16)}\n  read_timeout: {rng.randint(5, 60)}s",
            f"logging:\n  level: {rng.choice(('info', 'debug', 'warn'))}\n  format: json\n"
            f"  outputs:\n    - stdout\n    - file:/var/log/{svc}/{svc}.log",
            f"database:\n  host: {rng.choice((private_ip(rng), svc + '-db'))}\n  port: 5432\n"
            f"  name: {svc}\n  pool_size: {rng.randint(5, 50)}\n  ssl: true",
            f"features:\n  {rng.choice(WORDS)}_enabled: {rng.choice(('true', 'false'))}\n"
            f"  {rng.choice(WORDS)}_rollout: {rng.randint(0, 100)}\n  beta_{svc}: false",
            f"retry:\n  attempts: {rng.randint(1, 6)}\n  backoff: exponential\n"
            f"  max_delay_ms: {rng.choice((500, 2000, 10000))}",
        )
    )


def _kv(rng: Random) -> list[tuple[str, str]]:
    svc = rng.choice(SERVICES)
    return [
        (f"{svc}_timeout_ms", str(rng.choice((500, 1500, 3000)))),
        (f"{svc}_base_url", f"https://{svc}.internal.acme-corp.net"),
        (f"{rng.choice(WORDS)}_enabled", rng.choice(("true", "false"))),
        ("log_level", rng.choice(("INFO", "DEBUG", "WARNING"))),
        (f"{svc}_version", version(rng)),
        ("region", rng.choice(("eu-west-1", "us-east-1", "ap-southeast-2"))),
    ]


def _env(rng: Random) -> str:
    return "\n".join(f"{k.upper()}={v}" for k, v in rng.sample(_kv(rng), 4))


def _toml(rng: Random) -> str:
    pairs = "\n".join(f'{k} = "{v}"' for k, v in rng.sample(_kv(rng), 3))
    return f"[{rng.choice(SERVICES)}]\n{pairs}"


def _ini(rng: Random) -> str:
    pairs = "\n".join(f"{k} = {v}" for k, v in rng.sample(_kv(rng), 4))
    return f"[{rng.choice(SERVICES)}]\n{pairs}"


def _properties(rng: Random) -> str:
    return "\n".join(f"{k.replace('_', '.')}={v}" for k, v in rng.sample(_kv(rng), 4))


def _xml(rng: Random) -> str:
    group, art = rng.choice(("org.apache", "com.fasterxml", "io.micrometer")), rng.choice(WORDS)
    return (
        f"  <dependency>\n    <groupId>{group}</groupId>\n    <artifactId>{art}-core</artifactId>"
        f"\n    <version>{version(rng)}</version>\n  </dependency>"
    )


def _shell(rng: Random) -> str:
    svc = rng.choice(SERVICES)
    return rng.choice(
        (
            f'deploy_{svc}() {{\n  local tag="$1"\n  echo "deploying {svc}:$tag"\n'
            f'  kubectl -n {svc} set image deploy/{svc} {svc}="registry.acme-corp.net/{svc}:$tag"'
            f"\n  kubectl -n {svc} rollout status deploy/{svc} --timeout=180s\n}}",
            f'for f in ./migrations/{svc}/*.sql; do\n  echo "applying $f"\n'
            f'  psql -v ON_ERROR_STOP=1 -f "$f"\ndone',
            f'if [ -z "${{CI:-}}" ]; then\n  docker compose up -d {svc}\nfi',
        )
    )


def _dockerfile(rng: Random) -> str:
    svc = rng.choice(SERVICES)
    return rng.choice(
        (
            f"FROM python:3.{rng.randint(9, 12)}-slim AS base\nWORKDIR /srv/{svc}\n"
            "RUN apt-get update && apt-get install -y --no-install-recommends curl "
            "&& rm -rf /var/lib/apt/lists/*",
            f"COPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n"
            f"COPY . .\nEXPOSE {rng.choice((8000, 8080))}",
            f"USER app\nHEALTHCHECK CMD curl -f http://localhost:8080/healthz || exit 1\n"
            f'CMD ["gunicorn", "{svc}.wsgi:app", "--workers", "{rng.randint(2, 8)}"]',
        )
    )


def _code(templates: tuple[str, ...]) -> Callable[[Random], str]:
    return lambda rng: _fill(rng, rng.choice(templates))


SYNTH: dict[str, Callable[[Random], str]] = {
    "javascript": _code(JS), "typescript": _code(TS), "go": _code(GO), "java": _code(JAVA),
    "yaml": _yaml, "toml": _toml, "ini": _ini, "properties": _properties, "xml": _xml,
    "env": _env, "shell": _shell, "dockerfile": _dockerfile,
}  # fmt: skip

HEADERS = {
    "javascript": "'use strict';\n\nconst logger = require('./logger');",
    "typescript": (
        "import {{ Logger }} from './logger';\nimport type {{ Repository }} from './db';"
    ),
    "go": 'package {pkg}\n\nimport (\n\t"context"\n\t"fmt"\n\t"net/http"\n\t"os"\n\t"time"\n)',
    "java": (
        "package com.acme.{pkg};\n\nimport java.util.List;\n\n@Service\npublic class {Pkg}Svc {{"
    ),
    "xml": '<?xml version="1.0" encoding="UTF-8"?>\n<configuration>',
    "shell": "#!/usr/bin/env bash\nset -euo pipefail",
    "yaml": "# {pkg} service configuration",
}
FOOTERS = {"java": "}", "xml": "</configuration>"}


def stream(style: str, rng: Random) -> Iterator[list[str]]:
    while True:
        yield [*SYNTH[style](rng).split("\n"), ""]


def header(style: str, rng: Random) -> list[str]:
    pkg = rng.choice(SERVICES)
    text = HEADERS.get(style, "").format(pkg=pkg, Pkg=pkg.capitalize())
    return [*text.split("\n"), ""] if text else []


def footer(style: str) -> list[str]:
    return FOOTERS[style].split("\n") if style in FOOTERS else []
