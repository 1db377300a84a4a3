"""Machine-written files: lockfiles, bundles, embedded images, JSON configs, deployment manifests,
key and certificate files. Mostly hard negatives, with the leaks such files really carry."""

from __future__ import annotations

import base64
import json
from random import Random

from corpus_doc import Ctx, Doc
from corpus_negatives import npm_integrity, private_ip, version
from corpus_syntax import camel, upper, yaml_scalar
from corpus_values import (
    B64URL,
    DASHES,
    HEX,
    SERVICES,
    WORDS,
    Value,
    gcp_service_account,
    pem_body,
    rand,
)


def _npm_name(rng: Random) -> str:
    name = f"{rng.choice(WORDS)}-{rng.choice(WORDS)}"
    return f"@{rng.choice(SERVICES)}/{name}" if rng.random() < 0.2 else name


def package_lock(ctx: Ctx, target: int) -> Doc:
    rng = ctx.rng
    app = rng.choice(SERVICES) + "-web"
    packages: dict[str, object] = {"": {"name": app, "version": "1.0.0"}}
    size = 0
    while size < target:
        name, ver = _npm_name(rng), f"{rng.randint(0, 9)}.{rng.randint(0, 30)}.{rng.randint(0, 20)}"
        entry: dict[str, object] = {
            "version": ver,
            "resolved": f"https://registry.npmjs.org/{name}/-/{name.split('/')[-1]}-{ver}.tgz",
            "integrity": npm_integrity(rng),
        }
        if rng.random() < 0.3:
            entry["dev"] = True
        if rng.random() < 0.5:
            entry["dependencies"] = {_npm_name(rng): "^" + version(rng) for _ in range(3)}
        packages[f"node_modules/{name}"] = entry
        size += 330
    lock = {"name": app, "version": "1.0.0", "lockfileVersion": 3, "requires": True}
    doc = Doc()
    doc.add(json.dumps({**lock, "packages": packages}, indent=2).split("\n"))
    return doc


def go_sum(ctx: Ctx, target: int) -> Doc:
    rng, doc = ctx.rng, Doc()
    while doc.size < target:
        mod = f"github.com/{rng.choice(WORDS)}/{rng.choice(WORDS)}-{rng.choice(SERVICES)}"
        ver = f"v{rng.randint(0, 3)}.{rng.randint(0, 40)}.{rng.randint(0, 20)}"
        h1 = base64.b64encode(rng.randbytes(32)).decode()
        h2 = base64.b64encode(rng.randbytes(32)).decode()
        doc.add([f"{mod} {ver} h1:{h1}", f"{mod} {ver}/go.mod h1:{h2}"])
    return doc


def _bundle_plant(ctx: Ctx) -> tuple[str, list[Value]]:
    rng = ctx.rng
    pick = rng.random()
    if pick < 0.4:
        # A Firebase web config: the key is published in every page that loads the app, so
        # `veil scan` must not report it (a hard negative; the gateway masks it all the same).
        key = Value("", "firebase_web_key", "AI" + "za" + rand(rng, B64URL, 35), "apiKey")
        proj = f"{rng.choice(SERVICES)}-{rng.randint(1000, 9999)}"
        app = f"1:{rng.randint(10**11, 10**12)}:web:{rand(rng, HEX, 20)}"
        return (
            f'const firebaseConfig={{apiKey:"{key.text}",authDomain:"{proj}.firebaseapp.com",'
            f'projectId:"{proj}",appId:"{app}"}};'
        ), [key]
    if pick < 0.6:
        v = ctx.secret()[0]
        if "\n" in v.text:
            return _bundle_plant(ctx)
        return f'var e={{NODE_ENV:"production",{upper(v.name)}:{json.dumps(v.text)}}};', [v]
    pk = Value("", "publishable_key", "pk_" + "live_" + rand(rng, B64URL[:62], 24), "")
    return f'Stripe("{pk.text}");', [pk]


def minified_js(ctx: Ctx, target: int) -> Doc:
    from corpus_synth import JS, _fill  # the same templates, minified

    rng, doc = ctx.rng, Doc()
    due = ctx.gap() * rng.uniform(0.1, 1)
    line: list[str] = []
    values: list[Value] = []
    width = rng.randint(2000, 40000)
    size = 0
    while size < target:
        seg = " ".join(p.strip() for p in _fill(rng, rng.choice(JS)).split("\n"))
        if size >= due:
            due = size + ctx.gap()
            seg, values_here = _bundle_plant(ctx)
            values += values_here
        elif rng.random() < 0.05:
            seg = f'n.integrity="sha384-{base64.b64encode(rng.randbytes(48)).decode()}";'
        line.append(seg)
        size += len(seg)
        if sum(len(s) for s in line) > width or size >= target:
            doc.plant([";".join(line)], values)
            line, values, width = [], [], rng.randint(2000, 40000)
    return doc


def _image(rng: Random) -> str:
    raw = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(rng.randint(300, 30000))
    return base64.b64encode(raw).decode()


def assets(ctx: Ctx, target: int) -> Doc:
    rng, doc = ctx.rng, Doc()
    shape = rng.randrange(3)
    if shape == 0:
        icons, size = {}, 0
        while size < target:
            data = _image(rng)
            icons[f"{rng.choice(WORDS)}-{len(icons)}.png"] = "data:image/png;base64," + data
            size += len(data)
        doc.add(json.dumps({"icons": icons}, indent=2).split("\n"))
    elif shape == 1:
        while doc.size < target:
            url = "data:image/png;base64," + _image(rng)
            doc.add([f".icon-{rng.choice(WORDS)}{{background-image:url({url})}}"])
    else:
        doc.add(["Content-Type: image/png", "Content-Transfer-Encoding: base64", ""])
        while doc.size < target:
            data = _image(rng)
            doc.add([data[i : i + 76] for i in range(0, len(data), 76)])
    return doc


def _setting(rng: Random) -> dict[str, object]:
    return {
        "enabled": rng.random() < 0.5,
        "threshold": rng.choice((0.5, 0.75, 0.9, 10, 100)),
        "owner": f"team-{rng.choice(SERVICES)}",
        "tags": rng.sample(WORDS, 2),
    }


def json_config(ctx: Ctx, target: int) -> Doc:
    """Sections of settings; now and then one holds a credential or personal data."""
    rng = ctx.rng
    config: dict[str, dict[str, object]] = {}
    values: list[Value] = []
    size, due = 0, ctx.gap() * rng.uniform(0.1, 1)
    while size < target:
        svc = rng.choice(SERVICES) + str(len(config))
        section: dict[str, object] = {
            "baseUrl": f"https://{svc}.internal.acme-corp.net",
            "timeoutMs": rng.choice((500, 1500, 5000)),
            "retries": rng.randint(0, 5),
        }
        picks: list[Value] = []
        if size >= due:
            picks = ctx.secret() if rng.random() < 0.7 else [ctx.pii.any()]
            due = size + ctx.gap()
        if rng.random() < 0.1:
            picks.append(ctx.negative())
        for v in picks:
            if camel(v.name) not in section:
                section[camel(v.name)] = v.text
                values.append(v)
        config[svc] = section
        for i in range(rng.randint(1, 4)):
            config[svc + f"_{rng.choice(WORDS)}{i}"] = _setting(rng)
        size += len(json.dumps(section)) + 150 * (i + 1) + 60
    doc = Doc()
    doc.add(json.dumps(config, indent=rng.choice((2, 4))).split("\n"))
    doc.locate(0, values)
    return doc


def _single_line(ctx: Ctx) -> list[Value]:
    while True:
        values = ctx.secret()
        if not any("\n" in v.text for v in values):
            return values


def compose(ctx: Ctx, target: int) -> Doc:
    rng, doc = ctx.rng, Doc()
    doc.add(["services:"])
    while doc.size < target:
        svc = rng.choice(SERVICES)
        doc.add([f"  {svc}:", f"    image: registry.acme-corp.net/{svc}:{version(rng)}"])
        doc.add([f"    restart: unless-stopped\n    depends_on:\n      - {rng.choice(SERVICES)}"])
        doc.add(["    environment:", f"      - LOG_LEVEL={rng.choice(('info', 'debug'))}"])
        doc.add([f"      - {rng.choice(WORDS).upper()}_ENABLED={rng.choice(('1', '0'))}"])
        values = _single_line(ctx) if rng.random() < 0.5 else []
        values += [ctx.negative()] if rng.random() < 0.4 else []
        doc.plant([f"      - {upper(v.name)}={v.text}" for v in values], values)
        doc.add(["    ports:", f'      - "{rng.choice((8080, 8000, 5432))}:8080"'])
        doc.add(
            [f"    volumes:\n      - ./{svc}/data:/var/lib/{svc}\n      - ./conf:/etc/{svc}:ro"]
        )
        doc.add(["    healthcheck:", '      test: ["CMD", "curl", "-f", "http://localhost:8080/"]'])
        doc.add(["      interval: 30s\n      timeout: 5s\n      retries: 3"])
        doc.add([f"    # pinned: postgres@sha256:{rand(rng, HEX, 64)}", ""])
    return doc


def _k8s_env(ctx: Ctx, doc: Doc, svc: str) -> None:
    rng = ctx.rng
    doc.add(
        [
            "apiVersion: apps/v1",
            "kind: Deployment",
            f"metadata:\n  name: {svc}\n  labels:\n    app: {svc}",
            "spec:\n  replicas: 3\n  template:\n    spec:\n      containers:",
            f"        - name: {svc}",
            f"          image: registry.acme-corp.net/{svc}@sha256:{rand(rng, HEX, 64)}",
            "          env:",
            "            - name: DB_PASSWORD",
            "              valueFrom:",
            f"                secretKeyRef: {{name: {svc}-db, key: password}}",
        ]
    )
    for v in _single_line(ctx):
        doc.plant(
            [f"            - name: {upper(v.name)}", f"              value: {yaml_scalar(v)}"], [v]
        )
    doc.add([f"            - name: POD_IP\n              value: {private_ip(rng)}", "---"])


def _k8s_secret(ctx: Ctx, doc: Doc, svc: str) -> None:
    rng = ctx.rng
    doc.add(["apiVersion: v1", "kind: Secret", f"metadata:\n  name: {svc}-creds", "type: Opaque"])
    if rng.random() < 0.5:
        doc.add(["stringData:"])
        for v in ctx.secret():
            lines = v.text.split("\n")
            if len(lines) > 1:
                doc.plant([f"  {v.name}: |", *(f"    {x}" for x in lines)], [v])
            else:
                doc.plant([f"  {v.name}: {yaml_scalar(v)}"], [v])
    else:
        doc.add(["data:"])
        for v in _single_line(ctx):
            enc = base64.b64encode(v.text.encode()).decode()
            doc.plant([f"  {v.name}: {enc}"], [Value("secret", "k8s_secret_base64", enc, v.name)])
    doc.add(["---"])


K8S_SERVICE = """apiVersion: v1
kind: Service
metadata:
  name: {svc}
  annotations:
    prometheus.io/scrape: "true"
    prometheus.io/port: "{port}"
spec:
  type: ClusterIP
  selector:
    app: {svc}
  ports:
    - name: http
      port: 80
      targetPort: {port}
      protocol: TCP
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {svc}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {svc}
  minReplicas: 2
  maxReplicas: 12
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 70
---"""


def k8s(ctx: Ctx, target: int) -> Doc:
    rng, doc = ctx.rng, Doc()
    while doc.size < target:
        svc = rng.choice(SERVICES)
        (_k8s_env if rng.random() < 0.6 else _k8s_secret)(ctx, doc, svc)
        doc.add(["apiVersion: v1", "kind: ConfigMap", f"metadata:\n  name: {svc}-config", "data:"])
        doc.add([f"  LOG_LEVEL: info\n  BUILD_SHA: {rand(rng, HEX, 40)}", "---"])
        doc.add(K8S_SERVICE.format(svc=svc, port=rng.choice((80, 8080, 9090))).split("\n"))
    return doc


def service_account(ctx: Ctx, target: int) -> Doc:
    sa, key = gcp_service_account(ctx.rng)
    doc = Doc()
    doc.add(json.dumps(sa, indent=2).split("\n"))
    key_id = Value("", "service_account_key_id", sa["private_key_id"], "private_key_id")
    machine = Value("", "service_account_email", sa["client_email"], "client_email")
    doc.locate(0, [key_id, key, machine])  # the id and the account name are not secrets
    return doc


def key_file(ctx: Ctx, target: int) -> Doc:
    rng, doc = ctx.rng, Doc()
    pick = rng.random()
    if pick < 0.5:
        values: list[Value] = []
        while not values:
            values = [v for v in ctx.secret() if v.kind.endswith("private_key")]
        doc.plant(values[0].text.split("\n"), values[:1])
    elif pick < 0.8:
        body = pem_body(rng, rng.choice((890, 1200, 1400)), b"\x30\x82")
        begin, end = DASHES + "BEGIN CERTIFICATE" + DASHES, DASHES + "END CERTIFICATE" + DASHES
        doc.add([begin, *body, end])
    else:
        for _ in range(rng.randint(1, 6)):
            blob = base64.b64encode(b"\x00\x00\x00\x0bssh-ed25519" + rng.randbytes(36)).decode()
            doc.add([f"ssh-ed25519 {blob} deploy@{rng.choice(SERVICES)}-build"])
    return doc
