// The composer page: plain JavaScript, no framework, nothing from another address.
// The state is the form; the server checks it with the prescription's own rules and
// sends back problems by place and the sheet's real pages as images.
"use strict";

const FIELDS = ["patient", "patient_id", "clinician", "start", "weeks", "follow_up", "notes",
  "language", "theme", "guide", "per_page", "tracker"];
const state = { exercises: [] };
let library = [], about = {}, pending = null, busy = false, again = false;

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined) continue;
    if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

async function post(url, body) {
  const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body), credentials: "same-origin" });
  const data = await response.json().catch(() => ({ error: "the server's answer was not readable" }));
  if (!response.ok) throw new Error(data.error || response.statusText);
  return data;
}

function form() {
  const out = { exercises: state.exercises.map((x) => ({ id: x.id, dose: x.dose, note: x.note })) };
  for (const name of FIELDS) out[name] = $(name).value;
  out.fillable = $("fillable").checked;
  return out;
}

// --- the library ---------------------------------------------------------------------

function fold(text) {
  return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
}

function matches() {
  const words = fold($("search").value).split(" ").filter(Boolean);
  const region = $("region").value, category = $("category").value;
  return library.filter((e) => {
    const text = fold([e.id, e.name, ...e.aliases, e.category, ...e.regions].join(" "));
    return (!region || e.regions.includes(region)) && (!category || e.category === category)
      && words.every((w) => text.includes(w));
  });
}

function showResults() {
  const found = matches(), list = $("results");
  list.replaceChildren(...found.map((e) => {
    const taken = state.exercises.some((x) => x.id === e.id);
    return el("li", { class: "result" },
      el("img", { src: `/figure/${e.id}.svg`, alt: "", class: "figure", loading: "lazy" }),
      el("div", { class: "about" }, el("strong", { text: e.name }),
        el("span", { class: "quiet", text: `${e.category} · ${e.regions.join(", ")} · ${e.dose}` })),
      el("button", { type: "button", "aria-label": `Add ${e.name}`, disabled: taken ? "" : null,
        text: taken ? "Added" : "Add", onclick: () => add(e.id) }));
  }));
  $("search-count").textContent = `${found.length} of ${library.length} exercises`;
}

// --- the programme ---------------------------------------------------------------------

function add(id) {
  if (state.exercises.some((x) => x.id === id)) return;
  state.exercises.push({ id, dose: "", note: "" });
  drawProgramme(`dose-${state.exercises.length - 1}`);
}

function move(index, by, focusId) {
  const to = index + by;
  if (to < 0 || to >= state.exercises.length) return;
  const [item] = state.exercises.splice(index, 1);
  state.exercises.splice(to, 0, item);
  drawProgramme(focusId.replace(/\d+$/, String(to)));
}

function remove(index) {
  state.exercises.splice(index, 1);
  drawProgramme(state.exercises.length ? `remove-${Math.min(index, state.exercises.length - 1)}` : "search");
}

// Drag by the grip to move an exercise; the arrow buttons do the same from the keyboard.
function dragging(item, index) {
  item.querySelector(".grip").addEventListener("dragstart", (event) => {
    event.dataTransfer.setData("text/plain", String(index));
    event.dataTransfer.effectAllowed = "move";
  });
  item.addEventListener("dragover", (event) => event.preventDefault());
  item.addEventListener("drop", (event) => {
    event.preventDefault();
    const from = Number(event.dataTransfer.getData("text/plain"));
    if (Number.isInteger(from) && from !== index) move(from, index - from, `up-${from}`);
  });
}

function drawProgramme(focusId) {
  const byId = Object.fromEntries(library.map((e) => [e.id, e]));
  const last = state.exercises.length - 1;
  $("programme").replaceChildren(...state.exercises.map((x, i) => {
    const e = byId[x.id] || { name: x.id, dose: "" };
    const dose = el("input", { id: `dose-${i}`, value: x.dose, placeholder: e.dose, autocomplete: "off",
      "aria-describedby": `dose-error-${i} dose-note-${i}` });
    dose.addEventListener("input", () => { x.dose = dose.value; changed(); });
    dose.addEventListener("keydown", (event) => {
      if (event.key === "Enter") { event.preventDefault(); $("search").focus(); $("search").select(); }
    });
    const note = el("input", { id: `note-${i}`, value: x.note, autocomplete: "off" });
    note.addEventListener("input", () => { x.note = note.value; changed(); });
    const item = el("li", { class: "item", "data-index": String(i) },
      el("div", { class: "item-head" },
        el("span", { class: "grip", draggable: "true", title: "Drag to move", "aria-hidden": "true", text: "⠿" }),
        el("strong", { text: e.name }),
        el("span", { class: "moves" },
          el("button", { type: "button", id: `up-${i}`, "aria-label": `Move ${e.name} up`, text: "↑",
            onclick: () => move(i, -1, `up-${i}`), ...(i === 0 ? { "aria-disabled": "true" } : {}) }),
          el("button", { type: "button", id: `down-${i}`, "aria-label": `Move ${e.name} down`, text: "↓",
            onclick: () => move(i, 1, `down-${i}`), ...(i === last ? { "aria-disabled": "true" } : {}) }),
          el("button", { type: "button", id: `remove-${i}`, "aria-label": `Remove ${e.name}`, text: "Remove",
            onclick: () => remove(i) }))),
      el("label", { for: `dose-${i}`, text: `Dose for ${e.name}` }), dose,
      el("p", { class: "error", id: `dose-error-${i}` }),
      el("p", { class: "note", id: `dose-note-${i}` }),
      el("label", { for: `note-${i}`, text: `Note for ${e.name} (optional)` }), note);
    dragging(item, i);
    return item;
  }));
  $("empty").hidden = state.exercises.length > 0;
  const n = state.exercises.length;
  $("count-note").textContent = n > about.many
    ? `${n} exercises: programmes of ${about.many} or fewer are easier for patients to keep up.`
    : n > about.few ? `${n} exercises: patients keep up 3 to ${about.few} exercises better than more.` : "";
  showResults();
  if (focusId && $(focusId)) $(focusId).focus();
  changed();
}

// --- checks and the preview ------------------------------------------------------------

function changed() {
  clearTimeout(pending);
  pending = setTimeout(refresh, 350);  // debounced: one layout after the typing stops
}

async function refresh() {
  if (busy) { again = true; return; }  // one layout at a time; the newest form follows
  if (!state.exercises.length) { showProblems({}); $("pages").replaceChildren();
    $("status").textContent = "Add an exercise to see the sheet."; return; }
  busy = true;
  $("status").textContent = "Updating the preview…";
  try {
    const sent = form();
    const data = await post("/api/preview", sent);
    showProblems(data);
    if (data.pages) { showPages(data); findings(sent); }
    else $("status").textContent = "The preview waits for the problems marked to be fixed.";
  } catch (error) {
    $("general").textContent = error.message;
    $("status").textContent = "The preview could not be made.";
  } finally {
    busy = false;
    if (again) { again = false; refresh(); }
  }
}

function showProblems(data) {
  for (const name of FIELDS) {
    const box = $(`${name}-error`);
    if (!box) continue;
    box.textContent = (data.fields || {})[name] || "";
    $(name).setAttribute("aria-invalid", box.textContent ? "true" : "false");
  }
  state.exercises.forEach((x, i) => {
    if (!$(`dose-${i}`)) return;  // the list changed while the answer came
    const message = (data.doses || {})[i] || "";
    $(`dose-error-${i}`).textContent = message;
    $(`dose-note-${i}`).textContent = (data.notes || {})[i] || "";
    $(`dose-${i}`).setAttribute("aria-invalid", message ? "true" : "false");
  });
  $("general").textContent = (data.general || []).join(" ");
  return !Object.keys(data.fields || {}).length && !Object.keys(data.doses || {}).length
    && !(data.general || []).length;
}

function showPages(data) {
  const pages = data.pages.map((src, i) => el("img", { src, class: "page",
    alt: `Page ${i + 1} of ${data.count} of the printed sheet` }));
  $("pages").replaceChildren(...pages);
  $("status").textContent = `${data.count} page${data.count === 1 ? "" : "s"}, as printed.`;
  $("warnings").replaceChildren(...(data.warnings || []).map((w) => el("li", { text: w })));
}

async function findings(sent) {
  $("findings").replaceChildren(el("li", { text: "Checking type size and contrast…" }));
  try {
    const found = await post("/api/findings", sent);
    if (JSON.stringify(sent) !== JSON.stringify(form())) return;  // a newer preview follows
    $("findings").replaceChildren(...found.map((f) => el("li", { class: f.level,
      text: `${f.check}: ${f.message}${f.where ? ` (${f.where})` : ""}` })));
  } catch (error) {
    $("findings").replaceChildren(el("li", { class: "error", text: error.message }));
  }
}

// --- out: download, save, open -----------------------------------------------------------

async function send(action) {
  let data;
  try { data = await post("/api/check", form()); } catch (error) { $("general").textContent = error.message; return; }
  if (!showProblems(data)) {
    const first = document.querySelector("[aria-invalid='true']");
    if (first) first.focus();
    else if (!state.exercises.length) $("general").textContent = "Add at least one exercise.";
    return;
  }
  $("out").action = action;
  $("out").target = action === "/print" ? "_blank" : "";
  $("out-form").value = JSON.stringify(form());
  $("out").submit();
}

async function openFile(event) {
  const file = event.target.files[0];
  if (!file) return;
  const body = new FormData();
  body.append("file", file);
  const response = await fetch("/api/open", { method: "POST", body, credentials: "same-origin" });
  const data = await response.json().catch(() => ({ error: "the server's answer was not readable" }));
  event.target.value = "";
  if (!response.ok) { $("general").textContent = data.error; return; }
  for (const name of FIELDS) if (name in data) $(name).value = data[name] ?? "";
  state.exercises = data.exercises;
  drawProgramme("dose-0");
}

// --- a roster: upload, row problems, run with progress ------------------------------------

let job = null;

async function uploadRoster(event) {
  const file = event.target.files[0];
  if (!file) return;
  const body = new FormData();
  body.append("roster", file);
  $("roster-problems").replaceChildren();
  $("run-files").hidden = true;
  $("run-status").textContent = "";
  const response = await fetch("/api/batch", { method: "POST", body, credentials: "same-origin" });
  const data = await response.json().catch(() => ({ error: "the server's answer was not readable" }));
  event.target.value = "";
  if (!response.ok) { $("roster-summary").textContent = data.error; $("run").hidden = true; return; }
  job = data.job;
  const bad = data.rows - data.good;
  $("roster-summary").textContent = `${file.name}: ${data.rows} row${data.rows === 1 ? "" : "s"}, `
    + `${data.good} ready to print` + (bad ? `, ${bad} with problems (listed below; they will not print)` : "") + ".";
  $("roster-problems").replaceChildren(...data.problems.flatMap((row) =>
    row.problems.map((text) => el("li", { text }))));
  $("run").hidden = data.good === 0;
}

async function runRoster() {
  $("run").hidden = true;
  try { await post(`/api/batch/${job}/run`, {}); } catch (error) { $("run-status").textContent = error.message; return; }
  $("run-progress").hidden = false;
  $("run-status").textContent = "Starting…";
  const source = new EventSource(`/api/batch/${job}/events`);
  source.addEventListener("progress", (event) => {
    const data = JSON.parse(event.data);
    $("run-progress").max = data.total;
    $("run-progress").value = data.done;
    $("run-status").textContent = `${data.done} of ${data.total} sheets made.`;
  });
  source.addEventListener("done", (event) => {
    const data = JSON.parse(event.data);
    source.close();
    $("run-status").textContent = `Done: ${data.written} sheet${data.written === 1 ? "" : "s"}`
      + (data.failed.length ? `; ${data.failed.length} failed: ${data.failed.join("; ")}` : ".");
    for (const [id, name] of [["get-merged", "print.pdf"], ["get-sheets", "sheets.zip"], ["get-manifest", "manifest.json"]]) {
      $(id).href = `/api/batch/${job}/${name}`;
    }
    $("get-merged").hidden = !data.merged;
    $("run-files").hidden = false;
  });
  source.addEventListener("problem", (event) => {
    source.close();
    $("run-status").textContent = JSON.parse(event.data).message;
  });
}

// --- clinic templates ------------------------------------------------------------------------

async function loadTemplates(chosen) {
  const response = await fetch("/api/programmes", { credentials: "same-origin" });
  const found = await response.json();
  const pick = $("template-pick");
  pick.replaceChildren(el("option", { value: "", text: "Choose a template" }),
    ...found.map((t) => el("option", { value: t.file, text: t.problem ? `${t.name} (cannot be read)` : t.name })));
  if (chosen) pick.value = chosen;
}

async function useTemplate() {
  if (!$("template-pick").value) { $("template-status").textContent = "Choose a template first."; return; }
  try {
    const data = await post("/api/programmes/open", { file: $("template-pick").value });
    for (const name of ["guide", "weeks", "per_page", "notes"]) if (name in data) $(name).value = data[name];
    state.exercises = data.exercises;
    $("template-status").textContent = `Started from "${$("template-pick").selectedOptions[0].text}".`;
    drawProgramme("dose-0");
  } catch (error) { $("template-status").textContent = error.message; }
}

async function saveTemplate() {
  try {
    const data = await post("/api/programmes/save", { ...form(), template_name: $("template-name").value });
    $("template-status").textContent = `Saved the template "${data.name}".`;
    await loadTemplates(data.file);
  } catch (error) { $("template-status").textContent = error.message; }
}

// --- start ---------------------------------------------------------------------------------

function options(select, values, chosen) {
  for (const value of values) select.append(el("option", { value, text: value }));
  if (chosen) select.value = chosen;
}

async function start() {
  about = await (await fetch("/api/about", { credentials: "same-origin" })).json();
  $("workspace").textContent = about.workspace_name;
  $("workspace").title = about.workspace;
  $("guide-title").textContent = about.guide;
  options($("language"), about.languages);
  options($("theme"), about.themes, about.theme);
  options($("guide"), about.guides);
  options($("region"), about.regions);
  options($("category"), about.categories);
  await loadLibrary();
  for (const name of [...FIELDS, "fillable"]) $(name).addEventListener("input", changed);
  for (const name of ["language", "guide"]) $(name).addEventListener("change", loadLibrary);
  $("search").addEventListener("input", showResults);
  $("search").addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    const first = matches().find((e) => !state.exercises.some((x) => x.id === e.id));
    if (first) add(first.id);
  });
  $("region").addEventListener("change", showResults);
  $("category").addEventListener("change", showResults);
  $("download").addEventListener("click", () => send("/download"));
  $("print").addEventListener("click", () => send("/print"));
  $("save").addEventListener("click", () => send("/save"));
  $("open").addEventListener("change", openFile);
  $("roster").addEventListener("change", uploadRoster);
  $("templates-none").hidden = about.programmes;
  $("templates-tools").hidden = !about.programmes;
  if (about.programmes) await loadTemplates();
  $("template-use").addEventListener("click", useTemplate);
  $("template-save").addEventListener("click", saveTemplate);
  $("run").addEventListener("click", runRoster);
  drawProgramme();
}

async function loadLibrary() {
  const query = new URLSearchParams({ guide: $("guide").value, lang: $("language").value });
  const response = await fetch(`/api/library?${query}`, { credentials: "same-origin" });
  const data = await response.json();
  if (!response.ok) { $("general").textContent = data.error; return; }
  library = data;
  $("search").disabled = false;  // typed before the library came, a dose would land in the search
  drawProgramme();
}

document.addEventListener("DOMContentLoaded", start);
