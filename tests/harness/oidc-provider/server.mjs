// Throwaway OpenID Connect provider for tests (npm oidc-provider), started by
// tests/harness/oidc. See tests/harness/README.md.
//
//   node server.mjs PORT REDIRECT_URI [REDIRECT_URI...]
//
// Issuer http://127.0.0.1:PORT, one confidential client "synapse" / "parley-test-secret"
// allowed to redirect to the given URI(s) (Synapse's
// http://127.0.0.1:SYNAPSE_PORT/_synapse/client/oidc/callback).
//
// Login page: any login name is accepted. The password is checked only when
// PARLEY_OIDC_PASSWORD is set (then exactly that password); otherwise any non-empty
// password works. Then a consent page ("Continue"). Claims: sub = name =
// preferred_username = the login name. Everything is in memory; a restart forgets
// sessions and grants. Plain http on loopback only (a test tool, not a real IdP).
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';

import Provider from 'oidc-provider';

const [portArg, ...redirectUris] = process.argv.slice(2);
const port = Number(portArg);
if (!Number.isInteger(port) || port <= 0 || port > 65535 || redirectUris.length === 0) {
  console.error('usage: node server.mjs PORT REDIRECT_URI [REDIRECT_URI...]');
  process.exit(2);
}
for (const uri of redirectUris) {
  try {
    new URL(uri);
  } catch {
    console.error(`oidc: not a URL: ${uri}`);
    process.exit(2);
  }
}

const issuer = `http://127.0.0.1:${port}`;
const fixedPassword = process.env.PARLEY_OIDC_PASSWORD || null;
const log = (...a) => console.error(new Date().toISOString(), ...a);

// A fresh signing key per run (RS256, what Synapse expects by default).
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'parley-test', use: 'sig', alg: 'RS256' };

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'synapse',
      client_secret: 'parley-test-secret',
      redirect_uris: redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  jwks: { keys: [jwk] },
  cookies: { keys: ['parley-test-oidc-cookie-key'] },
  // Any login name is an account whose sub is that name.
  async findAccount(ctx, sub) {
    return {
      accountId: sub,
      async claims() {
        return { sub, name: sub, preferred_username: sub };
      },
    };
  },
  claims: { openid: ['sub'], profile: ['name', 'preferred_username'] },
  // Put the profile claims into the ID token too: Synapse reads the ID token (not the
  // userinfo endpoint) when "openid" is among its scopes.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  renderError(ctx, out, error) {
    ctx.type = 'html';
    ctx.body = page('Error', `<p id="error">${esc(out.error)}: ${esc(out.error_description || '')}</p>`);
    log('error page', out, error?.message);
  },
});
// oidc-provider's own warnings (e.g. about http) are expected here.
provider.on('server_error', (ctx, err) => log('server_error', err));
provider.on('grant.error', (ctx, err) => log('grant.error', err.message));
provider.on('authorization.error', (ctx, err) => log('authorization.error', err.message));

function esc(s) {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title, body) {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${esc(title)} - Parley Test IdP</title></head>
<body><h1>${esc(title)}</h1>
${body}
</body></html>
`;
}

function loginForm(uid, params, error) {
  return page(
    'Sign in to Parley Test IdP',
    `${error ? `<p id="error">${esc(error)}</p>` : ''}
<form id="login-form" method="post" action="/interaction/${esc(uid)}/login" autocomplete="off">
  <label>Login <input id="login" name="login" required autofocus value="${esc(params.login_hint || '')}"></label>
  <label>Password <input id="password" name="password" type="password" required></label>
  <button id="submit" type="submit">Sign in</button>
</form>
<p><a id="cancel" href="/interaction/${esc(uid)}/abort">Cancel</a></p>`,
  );
}

function consentForm(uid, clientId, accountId) {
  return page(
    'Authorize',
    `<p>Signed in as <b id="account">${esc(accountId)}</b>. <b>${esc(clientId)}</b> wants your
name and user id.</p>
<form id="consent-form" method="post" action="/interaction/${esc(uid)}/confirm">
  <button id="consent" type="submit">Continue</button>
</form>
<p><a id="cancel" href="/interaction/${esc(uid)}/abort">Cancel</a></p>`,
  );
}

function readForm(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c) => {
      data += c;
      if (data.length > 65536) reject(new Error('body too large'));
    });
    req.on('end', () => resolve(new URLSearchParams(data)));
    req.on('error', reject);
  });
}

function sendHtml(res, status, html) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

// Our interaction pages; everything else is the provider's.
async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error('interaction mismatch');
  const { prompt, params, session } = details;
  if (req.method === 'GET' && action === '') {
    if (prompt.name === 'login') return sendHtml(res, 200, loginForm(uid, params));
    if (prompt.name === 'consent') return sendHtml(res, 200, consentForm(uid, params.client_id, session?.accountId));
    return sendHtml(res, 501, page('Error', `unsupported prompt ${esc(prompt.name)}`));
  }
  if (req.method === 'GET' && action === '/abort') {
    log('interaction aborted');
    return provider.interactionFinished(req, res, {
      error: 'access_denied',
      error_description: 'End-User aborted interaction',
    }, { mergeWithLastSubmission: false });
  }
  if (req.method === 'POST' && action === '/login' && prompt.name === 'login') {
    const form = await readForm(req);
    const login = (form.get('login') || '').trim();
    const password = form.get('password') || '';
    if (!login || !password || (fixedPassword !== null && password !== fixedPassword)) {
      log(`login refused for ${JSON.stringify(login)}`);
      return sendHtml(res, 200, loginForm(uid, params, 'Wrong login name or password.'));
    }
    log(`login ${JSON.stringify(login)}`);
    return provider.interactionFinished(req, res, { login: { accountId: login } }, {
      mergeWithLastSubmission: false,
    });
  }
  if (req.method === 'POST' && action === '/confirm' && prompt.name === 'consent') {
    await readForm(req);
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    const d = prompt.details;
    if (d.missingOIDCScope) grant.addOIDCScope(d.missingOIDCScope.join(' '));
    if (d.missingOIDCClaims) grant.addOIDCClaims(d.missingOIDCClaims);
    if (d.missingResourceScopes) {
      for (const [indicator, scope] of Object.entries(d.missingResourceScopes)) {
        grant.addResourceScope(indicator, scope.join(' '));
      }
    }
    log(`consent for ${JSON.stringify(session.accountId)}`);
    return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, {
      mergeWithLastSubmission: true,
    });
  }
  return sendHtml(res, 400, page('Error', 'unexpected request for this interaction step'));
}

const providerCallback = provider.callback();
const server = http.createServer((req, res) => {
  const url = new URL(req.url, issuer);
  log(req.method, url.pathname);
  const m = /^\/interaction\/([A-Za-z0-9_-]+)(|\/login|\/confirm|\/abort)$/.exec(url.pathname);
  if (!m) return providerCallback(req, res);
  interaction(req, res, m[1], m[2]).catch((err) => {
    log('interaction error', err.message);
    if (!res.headersSent) sendHtml(res, 400, page('Error', `<p id="error">${esc(err.message)}</p>`));
  });
});
server.on('error', (err) => {
  log(`oidc: ${err.message}`);
  process.exit(err.code === 'EADDRINUSE' ? 98 : 1);
});
for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => process.exit(0));
}
server.listen(port, '127.0.0.1', () => {
  log(`oidc: issuer ${issuer}, client synapse, redirect_uris ${redirectUris.join(' ')}`);
});
