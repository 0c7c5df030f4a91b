// The SPARQL editor: runs the query against /sparql and shows the answer as a table.
// Builds the DOM with textContent only, so nothing in a result can inject markup.
"use strict";

(function () {
  const form = document.getElementById("query-form");
  const textarea = document.getElementById("query");
  const results = document.getElementById("results");
  const status = document.getElementById("status");
  const baseIri = form.dataset.baseIri || "";
  const ACCEPT = "application/sparql-results+json, text/turtle;q=0.9";

  function localHref(iri) {
    return baseIri && iri.startsWith(baseIri) ? "/" + iri.slice(baseIri.length) : iri;
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const a = document.createElement("a");
      a.href = localHref(term.value);
      a.textContent = term.value;
      td.appendChild(a);
    } else if (term.type === "bnode") {
      td.textContent = "_:" + term.value;
    } else {
      td.textContent = term.value;
      const note = term["xml:lang"] || "";
      if (note) {
        const span = document.createElement("span");
        span.className = "note";
        span.textContent = " @" + note;
        td.appendChild(span);
      }
    }
    return td;
  }

  function table(data) {
    const vars = data.head.vars || [];
    const t = document.createElement("table");
    t.id = "results-table";
    const head = t.createTHead().insertRow();
    for (const v of vars) {
      const th = document.createElement("th");
      th.textContent = v;
      head.appendChild(th);
    }
    const body = t.createTBody();
    for (const binding of data.results.bindings) {
      const row = body.insertRow();
      for (const v of vars) row.appendChild(cell(binding[v]));
    }
    return t;
  }

  function show(node, message) {
    results.replaceChildren(node);
    status.textContent = message;
  }

  function showText(text, className) {
    const pre = document.createElement("pre");
    if (className) pre.className = className;
    pre.textContent = text;
    return pre;
  }

  async function run() {
    const query = textarea.value;
    const started = performance.now();
    status.textContent = "Running…";
    const url = new URL(window.location.href);
    url.searchParams.set("query", query);
    url.searchParams.delete("run");
    window.history.replaceState(null, "", url);
    let response;
    try {
      response = await fetch("/sparql", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: ACCEPT },
        body: new URLSearchParams({ query: query }),
      });
    } catch (err) {
      show(showText("The server could not be reached: " + err, "error"), "");
      return;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const type = response.headers.get("content-type") || "";
    if (!response.ok) {
      show(showText(response.status + " " + (await response.text()), "error"), "Failed after " + seconds + " s");
    } else if (type.includes("json")) {
      const data = await response.json();
      if ("boolean" in data) {
        show(showText(String(data.boolean)), "Answer in " + seconds + " s");
      } else {
        const n = data.results.bindings.length;
        show(table(data), n + " result" + (n === 1 ? "" : "s") + " in " + seconds + " s");
      }
    } else {
      show(showText(await response.text()), "Graph in " + seconds + " s");
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run();
  });
  for (const button of document.querySelectorAll("button.example")) {
    button.addEventListener("click", function () {
      textarea.value = button.dataset.query;
      run();
    });
  }
  if (form.dataset.autorun === "true") run();
})();
