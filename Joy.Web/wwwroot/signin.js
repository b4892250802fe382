import { keptKey, keepKey, forgetKey, whoami, onUnauthorized } from "./api.js";

// The sign-in: the dashboard asks for an API key, checks it with /api/v1/whoami and keeps it for the browser
// session (sessionStorage, never a URL). The body says what the key's role may do (may-submit, may-operate,
// may-admin) and the stylesheet hides the rest. A key refused later (expired, revoked) brings the sign-in back
// with the server's reason; the page is reloaded so nothing of the refused principal's view stays on it.

const $ = id => document.getElementById(id);
const REFUSED = "joy.refused"; // the reason a kept key was refused, carried over the reload
const ROLES = ["reader", "submitter", "operator", "admin"];

const report = (text, isError = false) => {
  $("signin-result").textContent = text ?? "";
  $("signin-result").classList.toggle("error", isError);
};

// Resolves with {name, role, credential} once a key is accepted: the kept one, or one typed into the form.
export async function signIn() {
  const refused = sessionStorage.getItem(REFUSED);
  sessionStorage.removeItem(REFUSED);
  let who = null;
  let problem = refused;
  if (keptKey()) {
    try {
      who = await whoami(keptKey());
    } catch (error) {
      if (error.status === 401) forgetKey();
      problem = error.detail ?? error.message;
    }
  }

  who ??= await ask(problem);
  show(who);
  onUnauthorized(detail => {
    forgetKey();
    sessionStorage.setItem(REFUSED, detail);
    location.reload();
  });
  return who;
}

function ask(problem) {
  $("dashboard").hidden = true;
  $("signin-panel").hidden = false;
  report(problem, Boolean(problem));
  $("signin-key").focus();
  const done = new AbortController();
  return new Promise(resolve => $("signin-form").addEventListener("submit", async event => {
    event.preventDefault();
    const key = $("signin-key").value.trim();
    report("checking…");
    try {
      const who = await whoami(key);
      keepKey(key);
      done.abort();
      resolve(who);
    } catch (error) {
      report(error.detail ?? error.message, true);
    }
  }, { signal: done.signal }));
}

function show(who) {
  const rank = ROLES.indexOf(who.role);
  document.body.classList.toggle("may-submit", rank >= 1);
  document.body.classList.toggle("may-operate", rank >= 2);
  document.body.classList.toggle("may-admin", rank >= 3);
  $("signin-key").value = "";
  report("");
  $("signin-panel").hidden = true;
  $("whoami").textContent = `${who.name} · ${who.role}`;
  $("whoami").hidden = false;
  $("signout").hidden = false;
  $("dashboard").hidden = false;
}

$("signout").addEventListener("click", () => {
  forgetKey();
  location.reload();
});
