// The local provider's own pages: sign-in form, sign-out confirmation,
// messages. Every value is HTML-escaped; no script, no inline style (the
// stylesheet is /idp-assets/style.css), so a strict CSP holds.

export const STYLE = `body{font-family:sans-serif;max-width:24rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}
h1{font-size:1.4rem}label{display:block;margin:.8rem 0 .2rem}
input{width:100%;padding:.4rem;box-sizing:border-box;font-size:1rem}
button{margin-top:1rem;padding:.5rem 1rem;font-size:1rem}
.error{color:#a00;border:1px solid #a00;padding:.5rem}.note{color:#555;font-size:.9rem}
`;

export function escapeHtml(s) {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({
    '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
  })[c]);
}

function page(title, body) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/idp-assets/style.css">
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>
`;
}

// Writes an HTML page with `status` to the node response `res`.
export function render(res, status, html) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.end(html);
}

export function loginPage({ action, abort, clientId, username = '', error = '' }) {
  return page('Sign in', `<p class="note">Koers local identity provider (development only) for ${escapeHtml(clientId)}.</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${escapeHtml(action)}" autocomplete="off">
<label for="username">Username</label>
<input id="username" name="username" required autofocus value="${escapeHtml(username)}">
<label for="password">Password</label>
<input id="password" name="password" type="password" required>
<button type="submit">Sign in</button>
</form>
<p><a href="${escapeHtml(abort)}">Cancel</a></p>`);
}

export function logoutPage(form) {
  // `form` comes from oidc-provider: <form id="op.logoutForm" ...> with its
  // xsrf field; the buttons name it
  return page('Sign out', `<p>Do you want to sign out?</p>
${form}
<button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
<button type="submit" form="op.logoutForm">No, stay signed in</button>`);
}

export function messagePage(title, text) {
  return page(title, `<p>${escapeHtml(text)}</p>`);
}
