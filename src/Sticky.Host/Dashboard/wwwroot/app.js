// Sticky dashboard: polls the admin API every 2 seconds and renders it. No framework, no build step.
// Everything from the API is inserted as text (textContent), never as HTML: names and rules come from
// Docker labels and configuration that this page must not trust.
"use strict";

(function () {
  const REFRESH_MS = 2000;
  const previous = new Map(); // "service\nbackend" -> { requests, at }
  let lastRequestsTotal = null;
  let lastPollAt = null;
  let failures = 0;

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    if (props) {
      for (const [key, value] of Object.entries(props)) {
        if (value === undefined || value === null || value === false) continue;
        if (key === "class") node.className = value;
        else if (key === "text") node.textContent = value;
        // CSSOM, not a style attribute: the page's CSP forbids inline styles.
        else if (key === "style") Object.assign(node.style, value);
        else node.setAttribute(key, value === true ? "" : String(value));
      }
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const $ = (id) => document.getElementById(id);
  const fmt = new Intl.NumberFormat("en-US");
  const number = (n) => fmt.format(n);

  function compact(n) {
    if (n >= 1e9) return (n / 1e9).toFixed(1) + "B";
    if (n >= 1e6) return (n / 1e6).toFixed(1) + "M";
    if (n >= 1e4) return (n / 1e3).toFixed(1) + "k";
    return number(n);
  }

  function rate(r) {
    if (r === null || r === undefined || !isFinite(r)) return "–";
    if (r === 0) return "0";
    if (r < 10) return r.toFixed(1);
    return compact(Math.round(r));
  }

  function ago(iso, now) {
    if (!iso) return "never";
    const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
    if (seconds < 5) return "just now";
    if (seconds < 60) return seconds + " s ago";
    if (seconds < 3600) return Math.floor(seconds / 60) + " min ago";
    if (seconds < 86400) return Math.floor(seconds / 3600) + " h ago";
    return Math.floor(seconds / 86400) + " d ago";
  }

  function clock(iso) {
    const d = new Date(iso);
    return d.toLocaleTimeString("en-GB", { hour12: false });
  }

  const HEALTH_LABEL = { healthy: "Healthy", unhealthy: "Unhealthy", unknown: "Unchecked" };
  const HEALTH_TITLE = {
    healthy: "The last health checks succeeded",
    unhealthy: "Failing its health checks: receives no traffic",
    unknown: "Not probed yet or no health check configured: treated as healthy",
  };

  async function getJson(path) {
    const response = await fetch(path, { cache: "no-store", credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(path + ": HTTP " + response.status);
    return response.json();
  }

  function setStatus(state, text) {
    $("status").dataset.state = state;
    $("status-text").textContent = text;
  }

  function renderSummary(overview, services, perSecond) {
    const b = overview.backends;
    const up = b.total - b.unhealthy;
    $("m-services").textContent = number(overview.services);
    const sticky = services.filter((s) => s.sticky).length;
    $("m-services-note").textContent = sticky + " sticky · " + (services.length - sticky) + " not sticky";

    const backends = $("m-backends");
    backends.replaceChildren(number(up), el("span", { class: "of", text: " / " + number(b.total) }));
    backends.className = "metric-value " + (b.total > 0 && up === 0 ? "bad" : b.unhealthy > 0 ? "warn" : b.total > 0 ? "ok" : "");
    const notes = [];
    if (b.unhealthy > 0) notes.push(b.unhealthy + " down");
    if (b.draining > 0) notes.push(b.draining + " draining");
    if (b.unknown > 0 && notes.length < 2) notes.push(b.unknown + " unchecked");
    $("m-backends-note").textContent = notes.length ? notes.join(" · ") : "all healthy";

    $("m-pinned").textContent = number(overview.pinnedClients);
    $("m-rate").textContent = rate(perSecond);
    $("m-requests").textContent = number(overview.requests) + " requests in total";
    $("m-inflight").textContent = number(overview.inFlight);
    const errors = $("m-errors");
    errors.textContent = number(overview.failures);
    errors.className = "metric-value" + (overview.failures > 0 ? " bad" : "");
    const share = overview.requests > 0 ? (100 * overview.failures / overview.requests) : 0;
    $("m-errors-note").textContent = overview.requests === 0 ? "no requests yet" : overview.failures === 0 ? "no failed requests" : share.toFixed(share < 1 ? 2 : 1) + "% of requests failed";
  }

  function serviceDot(service) {
    const backends = service.backends;
    const down = backends.filter((b) => b.health === "unhealthy").length;
    if (backends.length === 0 || down === backends.length) return el("span", { class: "dot bad", title: "No backend can take requests" });
    if (down > 0) return el("span", { class: "dot warn", title: down + " of " + backends.length + " backends unhealthy" });
    return el("span", { class: "dot", title: "All backends can take requests" });
  }

  function renderService(service, now) {
    const tags = [];
    tags.push(el("span", { class: "tag rule", title: "Routing rule (priority " + service.priority + ")", text: service.rule || "all requests" }));
    if (service.cookie) {
      tags.push(el("span", { class: "tag cookie", title: cookieTitle(service.cookie) }, el("span", { class: "k", text: "cookie" }), el("span", { class: "v", text: service.cookie.name })));
    } else {
      tags.push(el("span", { class: "tag", text: "not sticky" }));
    }
    tags.push(el("span", { class: "tag", title: "Load-balancing policy for new clients", text: policyName(service.policy) }));
    if (service.healthCheck) {
      tags.push(el("span", { class: "tag", title: "Active health check every " + service.healthCheck.intervalSeconds + " s", text: "check " + service.healthCheck.path }));
    }

    const total = service.requests;
    let serviceRate = 0;
    const rows = service.backends.map((backend) => {
      const key = service.name + "\n" + backend.id;
      const last = previous.get(key);
      let perSecond = null;
      if (last && now > last.at) perSecond = Math.max(0, (backend.requests - last.requests) * 1000 / (now - last.at));
      previous.set(key, { requests: backend.requests, at: now });
      if (perSecond) serviceRate += perSecond;
      return renderBackend(backend, total, service.cookie !== null);
    });

    const stats = el("div", { class: "service-stats" },
      el("span", null, el("b", { text: number(service.backends.length) }), service.backends.length === 1 ? " backend" : " backends"),
      el("span", null, el("b", { text: number(service.pinnedClients) }), " pinned clients"),
      el("span", null, el("b", { text: rate(serviceRate) }), " req/s"),
      el("span", null, el("b", { text: number(service.inFlight) }), " in flight"),
      el("span", null, el("b", { text: number(service.requests) }), " requests"),
      el("span", null, el("b", { class: service.failures > 0 ? "errors-nonzero" : "", text: number(service.failures) }), " errors"),
      el("span", { class: "push" }, "provider ", el("b", { text: service.provider })));

    const table = el("table", { class: "backends" },
      el("thead", null, el("tr", null,
        el("th", { text: "Backend" }), el("th", { text: "Health" }), el("th", { class: "num", text: "Weight" }),
        el("th", { text: "Share of traffic" }), el("th", { class: "num", text: "Requests" }), el("th", { class: "num", text: "Pinned" }),
        el("th", { class: "num", text: "In flight" }), el("th", { class: "num", text: "Errors" }))),
      el("tbody", null, rows.length ? rows : el("tr", null, el("td", { colspan: "8", class: "empty", text: "No backends: requests get 503." }))));

    return el("article", { class: "card service", "data-service": service.name },
      el("div", { class: "service-head" },
        el("div", { class: "service-title" }, serviceDot(service), el("h3", { class: "service-name", text: service.name })),
        el("div", { class: "service-tags" }, tags)),
      stats,
      table);
  }

  function renderBackend(backend, serviceRequests, sticky) {
    const share = serviceRequests > 0 ? 100 * backend.requests / serviceRequests : 0;
    const rowClass = backend.health === "unhealthy" ? "is-unhealthy" : backend.draining ? "is-draining" : "";
    const showUrl = backend.name !== backend.id;
    const nameCell = el("td", null,
      el("div", null, el("span", { class: "backend-name", text: backend.name }), backend.draining ? el("span", { class: "badge-draining", title: "Keeps its pinned clients, gets no new ones", text: "Draining" }) : null),
      showUrl ? el("div", { class: "backend-url", text: backend.url }) : null);
    const cell = (value, zeroIsQuiet) => el("td", { class: "num" + (zeroIsQuiet && value === 0 ? " zero" : "") }, number(value));
    return el("tr", { class: rowClass, "data-backend": backend.id },
      nameCell,
      el("td", null, el("span", { class: "health " + backend.health, title: HEALTH_TITLE[backend.health] || "", text: HEALTH_LABEL[backend.health] || backend.health })),
      el("td", { class: "num" + (backend.weight === 0 ? " zero" : "") }, String(backend.weight)),
      el("td", null, el("div", { class: "share" },
        el("div", { class: "bar" }, el("span", { style: { width: share.toFixed(1) + "%" } })),
        el("span", { class: "pct", text: serviceRequests > 0 ? Math.round(share) + "%" : "–" }))),
      cell(backend.requests, true),
      sticky ? cell(backend.pinnedClients, true) : el("td", { class: "num zero", text: "–" }),
      cell(backend.inFlight, true),
      el("td", { class: "num " + (backend.failures > 0 ? "errors-nonzero" : "zero") }, number(backend.failures)));
  }

  function cookieTitle(cookie) {
    const parts = ["Path=" + (cookie.path || "(none)")];
    if (cookie.domain) parts.push("Domain=" + cookie.domain);
    if (cookie.httpOnly) parts.push("HttpOnly");
    if (cookie.secure) parts.push("Secure");
    if (cookie.sameSite !== "unspecified") parts.push("SameSite=" + cookie.sameSite);
    parts.push(cookie.maxAgeSeconds ? "Max-Age=" + cookie.maxAgeSeconds : "session cookie");
    return "Affinity cookie: " + parts.join("; ");
  }

  function policyName(policy) {
    if (policy === "WeightedRoundRobin") return "weighted round-robin";
    if (policy === "PowerOfTwoChoices") return "power of two choices";
    return policy;
  }

  function renderProviders(providers, now) {
    if (!providers.length) return [el("p", { class: "empty", text: "No providers registered." })];
    return providers.map((p) => el("div", { class: "provider", "data-provider": p.name },
      el("span", { class: "dot" + (p.error ? " bad" : "") }),
      el("span", { class: "provider-name", text: p.name }),
      el("span", { class: "provider-state " + (p.error ? "bad" : "ok"), text: p.error ? "error" : "ok" }),
      el("span", { class: "provider-meta", text: p.services + (p.services === 1 ? " service" : " services") + " · updated " + ago(p.updatedAt, now) + " · " + p.refreshes + (p.refreshes === 1 ? " refresh" : " refreshes") + (p.errors ? " · " + p.errors + " errors" : "") }),
      p.error ? el("span", { class: "provider-error", text: p.error }) : null));
  }

  const GLYPH = {
    serviceAdded: ["+", "add"], backendAdded: ["+", "add"],
    serviceRemoved: ["−", "del"], backendRemoved: ["−", "del"],
    serviceChanged: ["~", "mod"], backendChanged: ["~", "mod"],
  };

  function renderChanges(changes, now) {
    if (!changes.length) return [el("li", { class: "empty", text: "No changes yet." })];
    return changes.slice(0, 12).map((change) => {
      const shown = change.items.slice(0, 5);
      const hidden = change.items.length - shown.length + (change.truncated ? 1 : 0);
      return el("li", { class: "change" },
        el("div", { class: "change-head" }, el("span", { text: clock(change.time) + " · " + ago(change.time, now) }), el("span", { text: "gen " + change.generation })),
        el("div", { class: "change-summary", text: change.summary }),
        el("ul", { class: "change-items" }, shown.map((item) => {
          const [glyph, cls] = GLYPH[item.kind] || ["·", ""];
          const subject = item.backend ? item.service + " · " + item.backend : item.service;
          const text = item.detail ? subject + " — " + item.detail : subject;
          return el("li", { title: text }, el("span", { class: "glyph " + cls, text: glyph }), el("span", { class: "txt", text: text }));
        })),
        hidden > 0 ? el("div", { class: "change-more", text: "and more" }) : null);
    });
  }

  function renderAlert(overview) {
    const alert = $("alert");
    if (!overview.errors.length) {
      alert.hidden = true;
      return;
    }
    alert.replaceChildren(el("strong", { text: "Configuration problems" }), el("ul", null, overview.errors.slice(0, 8).map((e) => el("li", { text: e }))));
    alert.hidden = false;
  }

  function renderStatus(overview, services) {
    const down = overview.backends.unhealthy;
    const badProviders = overview.providers.filter((p) => p.error).length;
    const deadServices = services.filter((s) => s.backends.length === 0 || s.backends.every((b) => b.health === "unhealthy")).length;
    if (deadServices > 0) setStatus("bad", deadServices + (deadServices === 1 ? " service has" : " services have") + " no healthy backend");
    else if (down > 0) setStatus("warn", down + (down === 1 ? " backend" : " backends") + " unhealthy");
    else if (badProviders > 0) setStatus("warn", badProviders + (badProviders === 1 ? " provider reports" : " providers report") + " an error");
    else if (overview.services === 0) setStatus("warn", "No services configured");
    else setStatus("ok", "All backends up");
  }

  async function refresh() {
    try {
      const [overview, services, changes] = await Promise.all([getJson("/api/overview"), getJson("/api/services"), getJson("/api/changes")]);
      const now = Date.now();
      let perSecond = null;
      if (lastRequestsTotal !== null && now > lastPollAt) perSecond = Math.max(0, (overview.requests - lastRequestsTotal) * 1000 / (now - lastPollAt));
      lastRequestsTotal = overview.requests;
      lastPollAt = now;

      renderAlert(overview);
      renderSummary(overview, services, perSecond);
      $("services").replaceChildren(...(services.length ? services.map((s) => renderService(s, now)) : [el("p", { class: "empty", text: "No services yet. Services appear here as soon as a provider reports them." })]));
      $("providers").replaceChildren(...renderProviders(overview.providers, now));
      $("changes").replaceChildren(...renderChanges(changes, now));
      $("footer-generation").textContent = "Routing table generation " + overview.generation + (overview.updatedAt ? ", built " + ago(overview.updatedAt, now) : "");
      $("footer-version").textContent = "Sticky " + overview.version;
      renderStatus(overview, services);
      document.body.dataset.loaded = "true";
      failures = 0;
    } catch (error) {
      failures++;
      setStatus("bad", failures > 1 ? "Cannot reach the API (" + error.message + ")" : "Reconnecting…");
    }
  }

  refresh();
  setInterval(refresh, REFRESH_MS);
})();
