// Airflow 3 environments: the sign-in form of the simple auth manager (a token from POST /auth/token).
import { esc, login, main } from './lib.js';

/** Shows the form; resolves once a token was obtained. */
export function loginPage(reason) {
  return new Promise((resolve) => {
    main.innerHTML = `<form class="stack login" id="login-form" data-testid="login">
      <h1>Sign in to Airflow</h1>
      ${reason ? `<div class="msg err">${esc(reason)}</div>` : ''}
      <label for="username">Username</label><input id="username" name="username" autocomplete="username" required>
      <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
      <div id="login-msg"></div>
      <div class="actions"><button type="submit">Sign in</button></div>
    </form>`;
    const form = document.getElementById('login-form');
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      try {
        await login(form.username.value, form.password.value);
        resolve();
      } catch (e) {
        document.getElementById('login-msg').innerHTML =
          `<div class="msg err" data-testid="login-error">${esc(e.message)}</div>`;
      }
    });
  });
}
