"""A labelled corpus of company code for the disguise benchmark (bench/disguise_bench.py).

    .venv/bin/python bench/disguise_corpus.py [--seed 7] [--per-kind 3] [--show KIND]

Generated at run time from a seed, never stored: services, clients and tests in every language
veil parses (Python, JavaScript, TypeScript, Go, Java, Rust, C#, Ruby, PHP, C, C++), configs
(Kubernetes YAML, TOML, JSON), SQL migrations and SQL in strings, READMEs, logs, unified diffs,
design notes in markdown with fenced blocks, and Claude Code `N→` numbered listings. The
organisation terms (`TERMS`) stand in identifiers of every case style (`AcmeBillingClient`,
`acme_billing`, `ACME_REGION`, `acme-billing`, `calculateAcmeLTV`, `globex_corp`, `GlobexCorp`,
`ACMEBillingClient`, `AcmeV2Client`, `com.acme.billing`, `@acme/billing-sdk`), in strings,
paths, prose and comments; internal hosts under `DOMAINS` stand in URLs, connection strings,
image names and logs; comments are business context (`BUSINESS`) or plain technical notes
(`NEUTRAL`), some of them naming a term. No secret and no personal data is planted (a request
holding them would be Restricted, and the benchmark measures the Internal path).

`term_pattern()` and `host_pattern()` count what is left of the terms and hosts in any text.
"""

# ruff: noqa: E501 (the templates are code and logs as written, long lines included)

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from dataclasses import dataclass
from random import Random

TERMS = ("Acme", "Globex Corp", "Initech", "Vandelay")
DOMAINS = ("corp.acme.com", "globex.internal", "initech.net")
ACRONYMS = frozenset(("LTV", "API", "URL", "ID", "SQL", "ARR", "HTTP", "V2", "DB", "SDK"))
SERVICES = (
    "billing", "ledger", "payouts", "invoicing", "onboarding", "risk", "pricing", "settlement",
    "reporting", "accounts",
)  # fmt: skip
NOUNS = ("client", "service", "repository", "gateway", "exporter", "worker", "config", "store")
HOST_PARTS = ("api", "db", "kafka", "redis", "grafana", "vault", "registry", "auth", "search")

# Business context: read as such by a careful human (deals, money, customers, plans, secrecy).
BUSINESS = (
    "«C» asked for a «p»% discount before the Q«q» renewal; do not tell «C2».",
    "Per the contract with «C», refunds must settle within «d» days.",
    "Confidential: «C» pays $«k»k a year for this tier, internal only.",
    "«C» churned last quarter and ARR dropped by $«k»k; keep this path for the win-back.",
    "Pricing for «C» goes up «p»% after the board meeting, see PAY-«n».",
    "Hack for «C»: they send amounts in cents, escalated in INV-«n».",
    "Under NDA until the «C» launch date; do not disclose the rebate of «p»%.",
    "«C» pilot: commission of «p»% on every payout until FY«y».",
    "We promised them a «p»% discount if they renew before Q«q»; confidential.",
    "Churn is at «p»% this quarter, so keep the legacy plan until the board meeting.",
    "Biggest customer by ARR ($«k»k); the MSA caps our liability, ask legal first.",
)
# Technical notes: what the code does. Some name a term (stripped by `business` anyway).
NEUTRAL = (
    "retry with exponential backoff",
    "parse the response header before the body",
    "keep the order stable for the tests",
    "convert to UTC before comparing",
    "guard against an empty batch",
    "cache the compiled pattern",
    "see RFC 7231 section 6.5",
    "TODO: make the timeout configurable",
)
NEUTRAL_TERM = (
    "talks to the «TP» «s» API",
    "the «TP» ledger rounds half up",
    "mirror of «t»_«s».models, keep in sync",
    "«T» «S» errors are retried twice",
)


def term_pattern() -> re.Pattern[str]:
    """Any way a term is written: any case, its words joined by nothing, a space, `_`, `-`, `.`."""
    alts = [r"[\s_.\-]?".join(map(re.escape, t.split())) for t in TERMS]
    return re.compile("|".join(alts), re.IGNORECASE)


def host_pattern() -> re.Pattern[str]:
    """A host under one of the internal domains, or the domain itself."""
    doms = "|".join(re.escape(d) for d in DOMAINS)
    return re.compile(rf"(?i)\b(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*(?:{doms})\b")


@dataclass(frozen=True, slots=True)
class Doc:
    """One document: its path in the repository, its text, its kind, and the fence language."""

    path: str
    text: str
    kind: str
    fence: str


def _cap(word: str) -> str:
    return word if word.upper() in ACRONYMS and word.isupper() else word[:1].upper() + word[1:]


class World:
    """The names of one document: a term and a second one, a service, hosts, comments."""

    def __init__(self, rng: Random) -> None:
        self.rng = rng
        self.term = rng.choice(TERMS)
        self.other = rng.choice([t for t in TERMS if t != self.term])
        self.domain = rng.choice(DOMAINS)
        self.service = rng.choice(SERVICES)
        self.noun = rng.choice(NOUNS)
        n = rng.randrange(1, 9)
        s, d = self.service, self.domain
        self.hosts = [
            f"{s}.{d}",
            f"{s}-db-{n}.{d}",
            f"{rng.choice(HOST_PARTS)}-{rng.randrange(1, 5)}.{d}",
            f"{rng.choice(HOST_PARTS)}.{s}.{d}",
        ]
        self.values = self._values()

    def _forms(self, term: str, key: str) -> dict[str, str]:
        words = term.split()
        return {
            f"{key}P": term,  # prose: Globex Corp
            f"{key}": "".join(_cap(w) for w in words),  # Pascal: GlobexCorp
            f"{key}c": words[0].lower() + "".join(_cap(w) for w in words[1:]),  # camel
            f"{key}s": "_".join(w.lower() for w in words),  # snake
            f"{key}U": "_".join(w.upper() for w in words),  # upper
            f"{key}k": "-".join(w.lower() for w in words),  # kebab
            f"{key}d": ".".join(w.lower() for w in words),  # dotted (java package, logger)
        }

    def _values(self) -> dict[str, str]:
        rng = self.rng
        v = {**self._forms(self.term, "T"), **self._forms(self.other, "O")}
        v.update(
            s=self.service,
            S=_cap(self.service),
            SU=self.service.upper(),
            n=self.noun,
            N=_cap(self.noun),
            h1=self.hosts[0],
            h2=self.hosts[1],
            h3=self.hosts[2],
            h4=self.hosts[3],
            dom=self.domain,
            port=str(rng.choice((443, 5432, 6379, 8080, 8443, 9092))),
            ver=f"{rng.randrange(1, 4)}.{rng.randrange(0, 20)}.{rng.randrange(0, 9)}",
            num=str(rng.randrange(2, 90)),
            line=str(rng.randrange(40, 400)),
        )
        # The usual spellings used below: «T» Pascal, «Ts» snake, ...
        v["t"] = v["Ts"]
        v["TP"] = self.term
        return v

    def business(self) -> str:
        rng = self.rng
        text = rng.choice(BUSINESS)
        fill = {
            "C": self.term,
            "C2": self.other,
            "p": str(rng.choice((8, 12, 15, 20, 30, 35))),
            "q": str(rng.randrange(1, 5)),
            "d": str(rng.choice((14, 30, 45))),
            "k": str(rng.randrange(40, 900)),
            "n": str(rng.randrange(100, 9999)),
            "y": str(rng.randrange(25, 28)),
        }
        return _fill(text, fill)

    def neutral(self) -> str:
        rng = self.rng
        if rng.random() < 0.3:
            return _fill(rng.choice(NEUTRAL_TERM), self.values)
        return rng.choice(NEUTRAL)

    def fill(self, template: str) -> str:
        """The template with «key»s filled; «biz» and «neu» each get a fresh comment."""

        def one(m: re.Match[str]) -> str:
            key = m.group(1)
            if key == "biz":
                return self.business()
            if key == "neu":
                return self.neutral()
            return self.values[key]

        return _MARK.sub(one, template)


_MARK = re.compile(r"«(\w+)»")


def _fill(text: str, values: dict[str, str]) -> str:
    return _MARK.sub(lambda m: values[m.group(1)], text)


# ------------------------------------------------------------------------------ templates

PY_SERVICE = '''"""The «TP» «s» «n»: invoices and refunds over the «s» API."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

from «Ts»_«s».models import «T»Invoice, «T»Customer
from «Ts»_«s».retry import backoff

«TU»_REGION = os.environ.get("«TU»_REGION", "eu-west-1")
«TU»_«SU»_URL = os.environ.get("«TU»_«SU»_URL", "https://«h1»/v2/«s»")
«TU»_MARGIN = 0.«num»
log = logging.getLogger("«Td».«s»")


# «biz»
@dataclass
class «T»«S»«N»:
    """Fetch and settle invoices for one customer."""

    base_url: str = «TU»_«SU»_URL
    timeout: float = 5.0  # «neu»

    def fetch_«Ts»_invoices(self, customer_id: str) -> list[«T»Invoice]:
        # «neu»
        url = f"{self.base_url}/customers/{customer_id}/invoices"
        log.info("GET %s via «h2»", url)
        return [«T»Invoice.from_json(item) for item in backoff(self._get, url)]

    def sync_«Os»_accounts(self, since: str) -> int:
        """Copy the «OP» accounts changed since `since`; «neu»."""
        rows = self._get(f"https://«h3»:«port»/sync?since={since}&tenant=«Os»")
        return len(rows)


def calculate«T»LTV(customer: «T»Customer, months: int = 12) -> float:
    """Lifetime value of a customer over `months`."""
    # «biz»
    return customer.mrr * months * «TU»_MARGIN


def get«T»ID(raw: dict) -> str:
    return raw.get("«Tc»Id") or raw["«Ts»_id"]


INVOICE_SQL = """
SELECT id, amount_cents, currency
FROM «Ts»_«s».invoices
WHERE tenant = '«Os»' AND region = %(region)s
"""
'''

PY_TEST = """import pytest

from «Ts»_«s».client import «T»«S»«N», calculate«T»LTV
from «Ts»_«s».models import «T»Customer

«TU»_TEST_HOST = "«h1»"


@pytest.fixture
def «Ts»_client() -> «T»«S»«N»:
    # «neu»
    return «T»«S»«N»(base_url=f"https://{«TU»_TEST_HOST}/v2")


def test_«Ts»_ltv_uses_the_margin():
    # «biz»
    customer = «T»Customer(id="«Os»-001", mrr=1200)
    assert calculate«T»LTV(customer, months=2) > 0


def test_sync_«Os»_accounts(«Ts»_client, requests_mock):
    requests_mock.get("https://«h3»:«port»/sync", json=[])
    assert «Ts»_client.sync_«Os»_accounts("2025-01-01") == 0


class Test«O»Invoices:
    def test_empty(self, «Ts»_client):
        assert «Ts»_client.fetch_«Ts»_invoices("«Ok»-42") == []
"""

JS_CLIENT = """// «neu»
'use strict';

const axios = require('axios');
const { «T»Error } = require('@«Tk»/«s»-sdk');

const «TU»_«SU»_URL = process.env.«TU»_«SU»_URL || 'https://«h1»/v2';
const «Tc»Config = { region: '«Tk»-eu-1', timeout: 5000, host: '«h2»' };

/**
 * «biz»
 */
class «T»«S»«N» {
  constructor(options = {}) {
    this.baseUrl = options.baseUrl || «TU»_«SU»_URL;
    this.«Tc»Token = null; // «neu»
  }

  async fetch«T»Invoices(customerId) {
    // «neu»
    const res = await axios.get(`${this.baseUrl}/customers/${customerId}/invoices`);
    return res.data.map((x) => ({ ...x, source: '«Tk»-«s»' }));
  }

  async sync«O»Accounts() {
    /* «biz» */
    return axios.post('https://«h3»:«port»/sync', { tenant: '«Os»' });
  }
}

function calculate«T»LTV(customer, months = 12) {
  return customer.mrr * months * «Tc»Config.margin;
}

module.exports = { «T»«S»«N», calculate«T»LTV, «Tc»Config };
"""

TS_CLIENT = """import { HttpClient } from '@angular/common/http';
import type { «T»Invoice, «O»Account } from '@«Tk»/«s»-types';

// «biz»
export const «TU»_API_BASE = 'https://«h1»/api/«s»';
export const «Os»_TENANT = '«Ok»';

export interface «T»«S»Options {
  baseUrl?: string;
  retries: number; // «neu»
}

export class «T»«S»«N» {
  private readonly «Tc»Cache = new Map<string, «T»Invoice[]>();

  constructor(private http: HttpClient, private opts: «T»«S»Options) {}

  /** Invoices of one customer, cached. */
  async fetch«T»Invoices(customerId: string): Promise<«T»Invoice[]> {
    const cached = this.«Tc»Cache.get(customerId);
    if (cached) return cached;
    // «neu»
    const url = `${this.opts.baseUrl ?? «TU»_API_BASE}/customers/${customerId}`;
    return this.http.get<«T»Invoice[]>(url).toPromise();
  }

  /* «biz» */
  sync«O»(account: «O»Account): Promise<void> {
    return this.http.post<void>('https://«h3»:«port»/v1/«Ok»/sync', account).toPromise();
  }
}

export function calculate«T»LTV(mrr: number, months = 12): number {
  return mrr * months * 0.«num»;
}
"""

GO_SERVICE = """package «Ts»«s»

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// «T»«S»URL is where the «s» API lives.
const «T»«S»URL = "https://«h1»/v2/«s»"

// «biz»
var «Tc»Region = "«Tk»-eu-1"

// «T»«S»«N» talks to the «TP» «s» service.
type «T»«S»«N» struct {
	BaseURL    string
	HTTP       *http.Client
	«O»Tenant string // «neu»
}

// New«T»«S»«N» returns a client with sane defaults.
func New«T»«S»«N»() *«T»«S»«N» {
	return &«T»«S»«N»{BaseURL: «T»«S»URL, HTTP: &http.Client{Timeout: 5 * time.Second}, «O»Tenant: "«Os»"}
}

// Fetch«T»Invoices lists a customer's invoices.
func (c *«T»«S»«N») Fetch«T»Invoices(ctx context.Context, customerID string) ([]«T»Invoice, error) {
	// «neu»
	url := fmt.Sprintf("%s/customers/%s/invoices", c.BaseURL, customerID)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("«Ts»: %w", err)
	}
	req.Header.Set("X-«T»-Tenant", c.«O»Tenant)
	/* «biz» */
	return decode«T»Invoices(c.HTTP, req, "postgres://«h2»:«port»/«Ts»_«s»")
}

func calculate«T»LTV(mrr float64, months int) float64 {
	return mrr * float64(months) * 0.«num»
}
"""

JAVA_CLASS = """package com.«Td».«s»;

import java.net.URI;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * «biz»
 */
@Service
public class «T»«S»Service {
    private static final String «TU»_«SU»_URL = "https://«h1»/v2/«s»";
    private static final String «OU»_TENANT = "«Os»";
    private final «T»InvoiceRepository «Tc»InvoiceRepository;

    public «T»«S»Service(«T»InvoiceRepository «Tc»InvoiceRepository) {
        this.«Tc»InvoiceRepository = «Tc»InvoiceRepository; // «neu»
    }

    /** Invoices of one customer. */
    public List<«T»Invoice> fetch«T»Invoices(String customerId) {
        // «neu»
        URI uri = URI.create(«TU»_«SU»_URL + "/customers/" + customerId);
        return «Tc»InvoiceRepository.findByCustomer(customerId, uri);
    }

    // «biz»
    public double calculate«T»LTV(«T»Customer customer, int months) {
        return customer.getMrr() * months * 0.«num»;
    }

    public void sync«O»Accounts() {
        String jdbc = "jdbc:postgresql://«h2»:«port»/«Ts»_«s»";
        «Tc»InvoiceRepository.sync(jdbc, «OU»_TENANT);
    }
}
"""

RUST_MOD = """//! The «TP» «s» client.

use std::time::Duration;

use reqwest::Client;
use serde::Deserialize;

/// Where the «s» API lives.
pub const «TU»_«SU»_URL: &str = "https://«h1»/v2/«s»";

// «biz»
const «OU»_TENANT: &str = "«Os»";

#[derive(Debug, Deserialize)]
pub struct «T»Invoice {
    pub id: String,
    pub amount_cents: i64, // «neu»
}

pub struct «T»«S»«N» {
    base_url: String,
    http: Client,
}

impl «T»«S»«N» {
    pub fn new() -> Self {
        let http = Client::builder().timeout(Duration::from_secs(5)).build().unwrap();
        Self { base_url: «TU»_«SU»_URL.to_string(), http }
    }

    /// Invoices of one customer.
    pub async fn fetch_«Ts»_invoices(&self, customer_id: &str) -> reqwest::Result<Vec<«T»Invoice>> {
        // «neu»
        let url = format!("{}/customers/{}/invoices?tenant={}", self.base_url, customer_id, «OU»_TENANT);
        self.http.get(url).send().await?.json().await
    }
}

/* «biz» */
pub fn calculate_«Ts»_ltv(mrr: f64, months: u32) -> f64 {
    mrr * f64::from(months) * 0.«num»
}

pub fn «Ts»_db_url() -> String {
    format!("postgres://«h2»:{}/«Ts»_«s»", «port»)
}
"""

CS_CLASS = """using System;
using System.Net.Http;
using System.Threading.Tasks;

namespace «T».«S»
{
    // «biz»
    public class «T»«S»«N»
    {
        private const string «T»«S»Url = "https://«h1»/v2/«s»";
        private readonly HttpClient _«Tc»Http;

        public string «O»Tenant { get; set; } = "«Os»";

        public «T»«S»«N»(HttpClient http)
        {
            _«Tc»Http = http; // «neu»
        }

        /// <summary>Invoices of one customer.</summary>
        public async Task<string> Fetch«T»InvoicesAsync(string customerId)
        {
            // «neu»
            var url = $"{«T»«S»Url}/customers/{customerId}/invoices";
            return await _«Tc»Http.GetStringAsync(url);
        }

        /* «biz» */
        public static double Calculate«T»LTV(double mrr, int months) => mrr * months * 0.«num»;

        public const string «T»ConnectionString = "Server=«h2»;Database=«Ts»_«s»;Port=«port»";
    }
}
"""

RUBY = """# frozen_string_literal: true

require 'net/http'
require '«Ts»/«s»/version'

module «T»
  # «biz»
  class «S»«N»
    «TU»_«SU»_URL = 'https://«h1»/v2/«s»'
    «OU»_TENANT = '«Os»'

    attr_reader :«Ts»_region

    def initialize(region: '«Tk»-eu-1')
      @«Ts»_region = region # «neu»
    end

    # Invoices of one customer.
    def fetch_«Ts»_invoices(customer_id)
      # «neu»
      uri = URI("#{«TU»_«SU»_URL}/customers/#{customer_id}/invoices")
      JSON.parse(Net::HTTP.get(uri))
    end

    # «biz»
    def calculate_«Ts»_ltv(mrr, months = 12)
      mrr * months * 0.«num»
    end

    def sync_«Os»_accounts
      Net::HTTP.post(URI('https://«h3»:«port»/sync'), { tenant: «OU»_TENANT }.to_json)
    end
  end
end
"""

PHP = """<?php

namespace «T»\\«S»;

use GuzzleHttp\\Client;

// «biz»
final class «T»«S»«N»
{
    public const «TU»_«SU»_URL = 'https://«h1»/v2/«s»';
    private const «OU»_TENANT = '«Os»';

    private Client $«Tc»Http;

    public function __construct(?Client $http = null)
    {
        $this->«Tc»Http = $http ?? new Client(['base_uri' => self::«TU»_«SU»_URL]); // «neu»
    }

    /** Invoices of one customer. */
    public function fetch«T»Invoices(string $customerId): array
    {
        # «neu»
        $res = $this->«Tc»Http->get("/customers/{$customerId}/invoices");
        return json_decode((string) $res->getBody(), true);
    }

    /* «biz» */
    public static function calculate«T»LTV(float $mrr, int $months = 12): float
    {
        return $mrr * $months * 0.«num»;
    }

    public function «Tc»Dsn(): string
    {
        return 'pgsql:host=«h2»;port=«port»;dbname=«Ts»_«s»';
    }
}
"""

C_HEADER = """#ifndef «TU»_«SU»_H
#define «TU»_«SU»_H

#include <stddef.h>
#include <stdint.h>

/* «biz» */
#define «TU»_«SU»_HOST "«h1»"
#define «TU»_«SU»_PORT «port»
#define «OU»_TENANT "«Os»"

typedef struct «Ts»_«s»_«n» {
    const char *host; /* «neu» */
    uint16_t port;
    int «Ts»_flags;
} «Ts»_«s»_«n»_t;

// «biz»
int «Ts»_«s»_connect(«Ts»_«s»_«n»_t *client, const char *dsn);
double calculate_«Ts»_ltv(double mrr, int months);
size_t «Ts»_fetch_invoices(«Ts»_«s»_«n»_t *client, const char *customer_id, char *out, size_t len);

#endif /* «TU»_«SU»_H */
"""

CPP = """#include <string>
#include <vector>

#include "«Ts»/«s»/«n».h"

namespace «Ts»::«s» {

// «biz»
static const std::string k«T»«S»Url = "https://«h1»/v2/«s»";

class «T»«S»«N» {
 public:
  explicit «T»«S»«N»(std::string tenant = "«Os»") : «Tc»Tenant_(std::move(tenant)) {}

  /// Invoices of one customer.
  std::vector<«T»Invoice> Fetch«T»Invoices(const std::string& customer_id) const {
    // «neu»
    return http_.Get(k«T»«S»Url + "/customers/" + customer_id);
  }

  /* «biz» */
  static double Calculate«T»LTV(double mrr, int months) { return mrr * months * 0.«num»; }

 private:
  std::string «Tc»Tenant_;  // «neu»
  «T»HttpClient http_{"«h2»", «port»};
};

}  // namespace «Ts»::«s»
"""

YAML_K8S = """# «biz»
apiVersion: apps/v1
kind: Deployment
metadata:
  name: «Tk»-«s»
  namespace: «Tk»-prod
  labels:
    app.kubernetes.io/part-of: «Tk»-platform
    team: «Ok»
spec:
  replicas: 3
  template:
    spec:
      containers:
        - name: «Tk»-«s»
          image: registry.«dom»/«Tk»/«s»:«ver»
          env:
            - name: «TU»_«SU»_URL
              value: https://«h1»/v2/«s»
            - name: «OU»_TENANT
              value: «Os»
            - name: DATABASE_HOST
              value: «h2»  # «neu»
          ports:
            - containerPort: «port»
"""

TOML_CONFIG = """# «neu»
[service]
name = "«Tk»-«s»"
region = "«Tk»-eu-1"

[upstreams.«Ts»_«s»]
url = "https://«h1»/v2/«s»"
timeout_ms = 5000

# «biz»
[tenants.«Os»]
display_name = "«OP»"
ledger = "https://«h3»:«port»/ledger"

[database]
host = "«h2»"
name = "«Ts»_«s»"
"""

JSON_CONFIG = """{
  "name": "@«Tk»/«s»-sdk",
  "version": "«ver»",
  "description": "«TP» «s» client for the «OP» integration",
  "repository": "https://git.«dom»/«Tk»/«s»-sdk",
  "publishConfig": { "registry": "https://npm.«dom»/" },
  "config": {
    "«Tc»BaseUrl": "https://«h1»/v2",
    "«Os»Tenant": "«Os»",
    "ledgerHost": "«h3»"
  },
  "scripts": { "test": "jest --selectProjects «Tk»-«s»" }
}
"""

SQL = """-- «biz»
CREATE SCHEMA IF NOT EXISTS «Ts»_«s»;

CREATE TABLE «Ts»_«s».invoices (
    id            BIGSERIAL PRIMARY KEY,
    «Ts»_customer_id TEXT NOT NULL,  -- «neu»
    tenant        TEXT NOT NULL DEFAULT '«Os»',
    amount_cents  BIGINT NOT NULL
);

CREATE INDEX «Ts»_invoices_tenant_idx ON «Ts»_«s».invoices (tenant);

-- «neu»
INSERT INTO «Ts»_«s».tenants (slug, display_name, ledger_url)
VALUES ('«Os»', '«OP»', 'https://«h3»/ledger');

CREATE VIEW «Ts»_«s».«Os»_revenue AS
SELECT date_trunc('month', created_at) AS month, sum(amount_cents) AS cents
FROM «Ts»_«s».invoices WHERE tenant = '«Os»' GROUP BY 1;
"""

README = """# «Tk»-«s»

The «TP» «s» service: invoices, refunds and the «OP» ledger sync. It runs in the
`«Tk»-prod` namespace and talks to `«h1»` and `«h3»`.

## Install

```bash
pip install «Tk»-«s» --index-url https://pypi.«dom»/simple
export «TU»_«SU»_URL=https://«h1»/v2/«s»
```

## Use

```python
from «Ts»_«s» import «T»«S»«N»

client = «T»«S»«N»()  # «neu»
print(client.fetch_«Ts»_invoices("«Os»-001"))
```

Dashboards: https://grafana.«dom»/d/«Tk»-«s». Runbook: https://wiki.«dom»/«Tk»/«s».

«TP»'s on-call owns this service; «OP» traffic goes through `«h3»`.
"""

LOG = """2025-06-02T10:14:03.118Z INFO  [«Tk»-«s»-7f9c4] GET https://«h1»/v2/«s»/customers/«Os»-001/invoices 200 43ms
2025-06-02T10:14:03.402Z WARN  [«Tk»-«s»-7f9c4] «T»«S»«N»: slow upstream «h3»:«port» (812ms) tenant=«Os»
2025-06-02T10:14:04.007Z ERROR [«Tk»-«s»-7f9c4] «Ts»_«s».sync failed: connection refused (host=«h2», port=«port»)
Traceback (most recent call last):
  File "/srv/«Tk»-«s»/«Ts»_«s»/client.py", line «line», in sync_«Os»_accounts
    rows = self._get(f"https://«h3»:«port»/sync")
«Ts»_«s».errors.«T»UpstreamError: «h3» unreachable
2025-06-02T10:14:05.220Z ERROR [«Tk»-ledger] com.«Td».«s».«T»«S»Service - settle failed
	at com.«Td».«s».«T»«S»Service.calculate«T»LTV(«T»«S»Service.java:«line»)
	at com.«Td».«s».«T»InvoiceRepository.sync(«T»InvoiceRepository.java:«num»)
2025-06-02T10:14:06.001Z INFO  [«Tk»-«s»-7f9c4] «TU»_REGION=«Tk»-eu-1 «OU»_TENANT=«Os» ready
"""

DESIGN_MD = """## «TP» «s»: moving the «OP» sync off the nightly job

Today `«Ts»_«s»` pulls «OP» accounts every night from `https://«h3»/sync`. We want
`«T»«S»«N»` to stream them instead, so that `calculate«T»LTV` sees fresh data.

```go
// «biz»
func (c *«T»«S»«N») Stream«O»Accounts(ctx context.Context) error {
	return c.consume(ctx, "kafka-1.«dom»:9092", "«Tk».«Ok».accounts")
}
```

The consumer group is `«Tk»-«s»-«Ok»`. Config:

```yaml
«Ts»_«s»:
  brokers: [kafka-1.«dom»:9092, kafka-2.«dom»:9092]
  topic: «Tk».«Ok».accounts  # «neu»
```

```typescript
// «biz»
export const «Tc»StreamConfig = { topic: '«Tk».«Ok».accounts', host: '«h1»' };
```

Open question: does `«T»V2Client` (the old `ACME_V2_URL` users) need the same change?
"""


def _diff(w: World, rng: Random) -> str:
    """Two hunks against the Python service: a constant changed, a function added."""
    path = w.fill("src/«Ts»_«s»/client.py")
    old = w.fill(PY_SERVICE).split("\n")
    margin = next(i for i, x in enumerate(old) if "_MARGIN = " in x)
    calc = next(i for i, x in enumerate(old) if x.startswith("def calculate"))
    added = [
        w.fill("# «biz»"),
        w.fill("def refund_«Ts»_invoice(invoice: «T»Invoice) -> None:"),
        w.fill('    _post(f"https://«h4»/refunds/{invoice.id}", tenant="«Os»")'),
        "",
        "",
    ]
    changed = w.fill("«TU»_MARGIN = 0.«num»  # «biz»")
    one = (
        [" " + x for x in old[margin - 2 : margin]]
        + ["-" + old[margin], "+" + changed]
        + [" " + x for x in old[margin + 1 : margin + 3]]
    )
    two = [" " + x for x in old[calc - 3 : calc]] + ["+" + x for x in added]
    two += [" " + x for x in old[calc : calc + 3]]
    return (
        f"diff --git a/{path} b/{path}\nindex 3f9a2c1..8b7e6d0 100644\n"
        f"--- a/{path}\n+++ b/{path}\n"
        f"@@ -{margin - 1},5 +{margin - 1},5 @@\n"
        + "\n".join(one)
        + f"\n@@ -{calc - 2},6 +{calc - 2},{6 + len(added)} @@\n"
        + "\n".join(two)
        + "\n"
    )


def _listing(w: World, rng: Random) -> str:
    template = rng.choice((PY_SERVICE, GO_SERVICE, TS_CLIENT, JAVA_CLASS))
    lines = w.fill(template).split("\n")
    first = rng.randrange(1, 40)
    return "\n".join(f"{i:>6}\u2192{line}" for i, line in enumerate(lines, first))


_Kind = tuple[str, str, Callable[[World, Random], str]]


def _t(template: str) -> Callable[[World, Random], str]:
    return lambda w, _rng: w.fill(template)


# kind -> (path template, fence language, text)
KINDS: dict[str, _Kind] = {
    "python service": ("services/«Tk»-«s»/«Ts»_«s»/client.py", "python", _t(PY_SERVICE)),
    "python test": ("services/«Tk»-«s»/tests/test_«Ts»_«s».py", "python", _t(PY_TEST)),
    "javascript": ("clients/«Tk»-«s»-js/src/«Tc»«S»Client.js", "javascript", _t(JS_CLIENT)),
    "typescript": ("web/src/app/«Tk»/«s».service.ts", "typescript", _t(TS_CLIENT)),
    "go": ("pkg/«Ts»«s»/client.go", "go", _t(GO_SERVICE)),
    "java": ("src/main/java/com/«Ts»/«s»/«T»«S»Service.java", "java", _t(JAVA_CLASS)),
    "rust": ("crates/«Ts»-«s»/src/lib.rs", "rust", _t(RUST_MOD)),
    "c#": ("src/«T».«S»/«T»«S»«N».cs", "csharp", _t(CS_CLASS)),
    "ruby": ("lib/«Ts»/«s»/«n».rb", "ruby", _t(RUBY)),
    "php": ("src/«T»/«S»/«T»«S»«N».php", "php", _t(PHP)),
    "c": ("include/«Ts»/«s».h", "c", _t(C_HEADER)),
    "c++": ("src/«Ts»_«s»_«n».cpp", "cpp", _t(CPP)),
    "k8s yaml": ("deploy/«Tk»-«s»/deployment.yaml", "yaml", _t(YAML_K8S)),
    "toml config": ("config/«Tk»-«s».toml", "toml", _t(TOML_CONFIG)),
    "json config": ("clients/«Tk»-«s»-js/package.json", "json", _t(JSON_CONFIG)),
    "sql": ("migrations/0042_«Ts»_«s».sql", "sql", _t(SQL)),
    "readme": ("services/«Tk»-«s»/README.md", "markdown", _t(README)),
    "log": ("logs/«Tk»-«s»-2025-06-02.log", "", _t(LOG)),
    "unified diff": ("patches/«Ts»-refund.diff", "diff", _diff),
    "design markdown": ("docs/design/«Tk»-«s»-streaming.md", "markdown", _t(DESIGN_MD)),
    "numbered listing": ("", "", _listing),  # a tool result: no path
}


def generate(seed: int = 7, per_kind: int = 10) -> list[Doc]:
    """`per_kind` documents of every kind, the same for the same seed."""
    rng = Random(seed)
    docs = []
    for kind, (path, fence, make) in KINDS.items():
        for _ in range(per_kind):
            world = World(rng)
            docs.append(Doc(world.fill(path), make(world, rng), kind, fence))
    return docs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--per-kind", type=int, default=3)
    parser.add_argument("--show", default="", help="print the documents of this kind")
    args = parser.parse_args()
    docs = generate(args.seed, args.per_kind)
    terms, hosts = term_pattern(), host_pattern()
    total = sum(len(d.text) for d in docs)
    n_terms = sum(len(terms.findall(d.text)) for d in docs)
    n_hosts = sum(len(hosts.findall(d.text)) for d in docs)
    print(f"{len(docs)} documents, {total:,} characters, {n_terms} term and {n_hosts} host uses")
    for d in docs:
        if d.kind == args.show:
            print(f"--- {d.path or '(tool result)'}\n{d.text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
