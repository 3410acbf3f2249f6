"""The XSS corpus, written through the API into every place people and connectors can put text,
and the probes that tell whether a page ran any of it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.e2e.world import ADMIN, ANALYST, STEWARD, World

CORPUS = Path(__file__).resolve().parent / "xss_payloads.txt"


def load_payloads() -> list[str]:
    payloads = []
    # Not splitlines(): payloads hold vertical tabs and U+2028, which it takes for line ends.
    for line in CORPUS.read_text(encoding="utf-8").split("\n"):
        if not line.strip() or line.startswith("#"):
            continue
        payloads.append(line.replace("\\n", "\n"))
    return payloads


def chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


# Runs before any script of the page, in every frame: anything a payload could call records a hit.
HOOKS = """
(() => {
  const hits = [];
  Object.defineProperty(window, "__xssHits", { value: hits });
  const hit = (how) => hits.push(String(how).slice(0, 200));
  window.__xss = (tag) => hit("__xss(" + tag + ")");
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    window[name] = (...args) => hit(name + "(" + args.join(",") + ")");
  }
  // With the CSP enforced, a payload the page injected is blocked but still reported here.
  document.addEventListener("securitypolicyviolation", (event) => {
    if (/^(img|style|font|media)-src/.test(event.effectiveDirective)) return;
    // Chromium also reports an inline handler met while parsing an inert document (DOMPurify
    // parses into one before it strips the handler): there it could never run. An injected
    // handler belongs to an element of the live page, which is then the event's target.
    const live = event.target instanceof Element && event.target.isConnected;
    if (["script-src-attr", "base-uri"].includes(event.effectiveDirective) && !live) return;
    const target = live ? event.target.outerHTML.slice(0, 120) : String(event.target);
    hit("csp:" + event.effectiveDirective + " at " + event.sourceFile + ":" + event.lineNumber
        + " " + (event.sample || target));
  });
})();
"""

# What no sanitized page may hold, whether or not it ran: inline handlers, script URLs,
# and script elements that the UI did not load itself.
DOM_FINDINGS = """
() => {
  const found = [];
  // What the browser would follow: the URL as resolved, not as written.
  const scriptUrl = (value) => {
    try {
      const url = new URL(value, document.baseURI);
      return ["javascript:", "vbscript:"].includes(url.protocol)
        || (url.protocol === "data:" && /^data:text\\/html/i.test(url.href));
    } catch {
      return false;
    }
  };
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith("on")) found.push(element.tagName + "[" + name + "]");
      if (["href", "src", "action", "formaction", "data", "xlink:href", "srcdoc"].includes(name)
          && scriptUrl(attribute.value)) {
        found.push(element.tagName + "[" + name + "=" + attribute.value.slice(0, 60) + "]");
      }
    }
  }
  for (const script of document.querySelectorAll("script")) {
    const own = script.src && new URL(script.src).origin === location.origin;
    if (!own) found.push("SCRIPT " + (script.src || script.textContent.slice(0, 60)));
  }
  for (const tag of ["iframe", "object", "embed", "base", "meta[http-equiv]", "svg script"]) {
    for (const element of document.querySelectorAll(tag)) found.push("element " + tag);
  }
  return found;
}
"""


def description_sentinel(n: int) -> str:
    """Plain text opening each hostile description: the page must show it."""
    return f"Hostile description number {n}; everything below must stay inert."


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class XssContent:
    payloads: list[str]
    named_datasets: list[int] = field(default_factory=list)
    columns_dataset: int = 0
    description_datasets: list[int] = field(default_factory=list)
    tags_dataset: int = 0
    request_id: int = 0
    suggestion_ids: list[int] = field(default_factory=list)

    def visible(self, text: str) -> list[str]:
        """The payloads that appear, literally, in this page text."""
        page_text = normalise(text)
        return [p for p in self.payloads if normalise(p) and normalise(p) in page_text]


def write_corpus(world: World) -> XssContent:
    """Every payload, through the API, into each place the UI renders people's text."""
    payloads = load_payloads()
    content = XssContent(payloads=payloads)
    analyst, steward, admin = world.session(ANALYST), world.session(STEWARD), world.session(ADMIN)

    # A connector pushes dataset names, column names and technical descriptions.
    named = [
        {
            "urn": f"urn:catalog:lab:xss.named_{i:03d}",
            "name": payload,
            "kind": "table",
            "qualified_name": f"xss.named_{i:03d}",
            "description": payload,
            "columns": [{"name": "id", "data_type": "bigint"}],
        }
        for i, payload in enumerate(payloads)
    ]
    world.connector.push("lab", named)
    columns = {
        "urn": "urn:catalog:lab:public.xss_columns",
        "name": "xss_columns",
        "kind": "table",
        "qualified_name": "public.xss_columns",
        "description": "Column names from a hostile connector.",
        "columns": [
            {"name": payload, "data_type": payload[:255], "description": payload}
            for payload in payloads
        ],
    }
    plain = [
        {
            "urn": f"urn:catalog:lab:public.{name}",
            "name": name,
            "kind": "table",
            "qualified_name": f"public.{name}",
            "description": "",
            "columns": [{"name": "id", "data_type": "bigint"}],
        }
        for name in ("xss_tags", *(f"xss_description_{k}" for k in range(1, 5)))
    ]
    world.connector.push("lab", [columns, *plain])
    content.columns_dataset = world.dataset_id("lab", "xss_columns")
    content.tags_dataset = world.dataset_id("lab", "xss_tags")
    content.description_datasets = [
        world.dataset_id("lab", f"xss_description_{k}") for k in range(1, 5)
    ]
    content.named_datasets = [
        analyst.get("/api/v1/datasets/by-urn", params={"urn": named[i]["urn"]})["id"]
        for i in (0, 1, 60, 120)
    ]

    # People: business descriptions (Markdown) and new tags, applied at once by the lab's policy.
    items: list[dict[str, Any]] = [
        {
            "kind": "description.edit",
            "dataset_id": dataset_id,
            "payload": {"description": "\n\n".join([description_sentinel(n), *part])},
        }
        for n, (dataset_id, part) in enumerate(
            zip(content.description_datasets, chunks(payloads, -(-len(payloads) // 4)), strict=True)
        )
    ]
    analyst.propose(items, title="Descriptions")
    tags = [
        {
            "kind": "tag.add",
            "dataset_id": content.tags_dataset,
            "payload": {
                "tag": f"xss-{i}",
                "new_tag": {"vocabulary": "untrusted", "label": payload, "description": payload},
            },
        }
        for i, payload in enumerate(payloads)
    ]
    analyst.propose(tags, title="Untrusted tags")
    column_tags = [
        {
            "kind": "tag.add",
            "dataset_id": content.columns_dataset,
            "column": payloads[i],
            "payload": {"tag": f"xss-{i}"},
        }
        for i in range(20)
    ]
    analyst.propose(column_tags, title="Untrusted tags on columns")

    # A request held for review in sales (descriptions: one steward, whatever the journeys
    # change): its title, rationale, proposed text and discussion.
    leads = world.dataset_id("crm", "leads")
    request = analyst.propose(
        [
            {
                "kind": "description.edit",
                "dataset_id": leads,
                "payload": {"description": "\n\n".join(payloads[100:160])},
            }
        ],
        title=payloads[0][:255],
        rationale="\n".join(payloads[:100]),
    )
    content.request_id = request["id"]
    for part in chunks(payloads, 10):
        analyst.post(
            f"/api/v1/change-requests/{content.request_id}/comments", {"body": "\n".join(part)}
        )
    steward.post(f"/api/v1/change-requests/{content.request_id}/comments", {"body": payloads[-1]})

    # Quality issues and the dataset's discussion.
    for part in chunks(payloads, 4):
        analyst.post(
            f"/api/v1/datasets/{content.tags_dataset}/quality-issues",
            {"title": part[0], "description": "\n\n".join(part[1:])},
        )
    for part in chunks(payloads, 10):
        analyst.post(f"/api/v1/datasets/{content.tags_dataset}/comments", {"body": "\n".join(part)})

    # Source suggestions, one triaged by IT into a planned source named by a payload.
    for part in chunks(payloads, 4):
        made = analyst.post(
            "/api/v1/source-suggestions",
            {
                "name": part[0],
                "system": part[1 % len(part)],
                "contents": "\n".join(part),
                "justification": part[-1],
                "contact": part[0][:255],
                "domain": "lab",
            },
        )
        content.suggestion_ids.append(made["id"])
    admin.post(
        f"/api/v1/source-suggestions/{content.suggestion_ids[0]}/triage",
        {"decision": "accept", "source": "xss-planned", "name": payloads[5], "platform": "x"},
    )
    admin.post(
        f"/api/v1/source-suggestions/{content.suggestion_ids[1]}/triage",
        {"decision": "reject", "reason": "\n".join(payloads[:20])},
    )
    return content
