// OpenID Connect provider for jmb's tests (oidc-provider 9, from tests/support/node_modules).
// Logs a user in and consents automatically, so a plain HTTP client (cookie jar + redirects)
// can run the whole authorization-code flow, with or without PKCE (S256).
//
//   OIDC_PORT=0 node tests/support/oidc_provider.mjs      -> prints "LISTENING <port>" once it accepts
//
// Environment (all optional):
//   OIDC_PORT                       port on 127.0.0.1 (0 or unset = OS-chosen); issuer http://127.0.0.1:PORT
//   OIDC_CLIENT_ID / OIDC_CLIENT_SECRET              default jmb / jmb-secret
//   OIDC_REDIRECT_URIS              comma-separated registered redirect URIs
//   OIDC_POST_LOGOUT_REDIRECT_URIS  comma-separated registered post-logout redirect URIs
//   OIDC_USER                       user logged in when the request has no login_hint (default alice)
//   OIDC_CONFORM_ID_TOKEN_CLAIMS    1 = scope claims (email, name…) only from the userinfo endpoint
//   OIDC_TLS_CERT / OIDC_TLS_KEY    PEM files: serve HTTPS instead, issuer https://localhost:PORT
// Besides the registered URIs, any http://{127.0.0.1,localhost,[::1]}:<port>/auth/callback is an
// accepted redirect_uri and any http://{127.0.0.1,localhost,[::1]}:<port>/<path> an accepted
// post_logout_redirect_uri: tests start the app on random ports. (This is oidc-provider's documented
// "redirect URI wildcards" recipe: override Client.prototype.redirectUriAllowed.)
// The client may authenticate with client_secret_basic or client_secret_post.
// login_hint=<user> on the authorization request picks the user (alice, bob, carol, dave, eve,
// mallory, or
// any other id, which gets <id>@example.org).
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import Provider from 'oidc-provider';

const USERS = {
  alice: { email: 'alice@example.org', name: 'Alice Anders', preferred_username: 'alice' },
  bob: { email: 'bob@example.org', name: 'Bob Berg', preferred_username: 'bob' },
  carol: { email: 'carol@example.org', name: 'Carol Céline', preferred_username: 'carol' },
  dave: { email: 'dave@example.org', name: 'Dave Star*', preferred_username: 'dave' },
  eve: { email: 'eve@example.org', name: 'Ève Durand', preferred_username: 'eve' },
  // Typed someone else's mail (never verified) and renamed themselves to alice, as providers
  // that let people edit their profile allow.
  mallory: {
    email: 'carol@example.org', email_verified: false, name: 'Mallory', preferred_username: 'alice',
  },
};
const list = (v) => (v || '').split(',').map((s) => s.trim()).filter(Boolean);
const LOOPBACK_CALLBACK = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d{1,5}\/auth\/callback$/;
const LOOPBACK_ANY = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d{1,5}(\/[^#]*)?$/;

const tls = process.env.OIDC_TLS_CERT && process.env.OIDC_TLS_KEY;
const server = tls
  ? https.createServer({
    cert: fs.readFileSync(process.env.OIDC_TLS_CERT),
    key: fs.readFileSync(process.env.OIDC_TLS_KEY),
  })
  : http.createServer();
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(Number(process.env.OIDC_PORT || 0), '127.0.0.1', resolve);
});
const { port } = server.address();
// The test CA's certificate names localhost.
const issuer = tls ? `https://localhost:${port}` : `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.OIDC_CLIENT_ID || 'jmb',
    client_secret: process.env.OIDC_CLIENT_SECRET || 'jmb-secret',
    redirect_uris: list(process.env.OIDC_REDIRECT_URIS).length
      ? list(process.env.OIDC_REDIRECT_URIS) : ['http://127.0.0.1:8080/auth/callback'],
    post_logout_redirect_uris: list(process.env.OIDC_POST_LOGOUT_REDIRECT_URIS).length
      ? list(process.env.OIDC_POST_LOGOUT_REDIRECT_URIS) : ['http://127.0.0.1:8080/'],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic', // client_secret_post is accepted too
  }],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'preferred_username'] },
  scopes: ['openid', 'email', 'profile', 'offline_access'],
  async findAccount(ctx, id) {
    const u = USERS[id] || { email: `${id}@example.org`, name: id, preferred_username: id };
    return { accountId: id, async claims() { return { sub: id, email_verified: true, ...u }; } };
  },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      // The confirmation page: a browser submits it by itself; a plain HTTP client can POST the form
      // (fields xsrf=<value>, logout=yes) to /session/end/confirm.
      async logoutSource(ctx, form) {
        ctx.body = `<!DOCTYPE html><html><head><title>Logout</title></head><body>${form}
<button form="op.logoutForm" name="logout" value="yes">Log out</button>
<script>var f=document.getElementById('op.logoutForm');var i=document.createElement('input');
i.type='hidden';i.name='logout';i.value='yes';f.appendChild(i);f.submit();</script></body></html>`;
      },
    },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: ['jmb-test-cookie-key'] },
  pkce: { required: () => false }, // the RP may or may not send PKCE (S256); both work
  // email/name go into the ID token too, not only to /me; OIDC_CONFORM_ID_TOKEN_CLAIMS=1 keeps
  // them out of it (as strict providers do), so the relying party must ask the userinfo endpoint.
  conformIdTokenClaims: process.env.OIDC_CONFORM_ID_TOKEN_CLAIMS === '1',
});
provider.proxy = true;

const allowRedirect = provider.Client.prototype.redirectUriAllowed;
provider.Client.prototype.redirectUriAllowed = function redirectUriAllowed(value) {
  return allowRedirect.call(this, value) || LOOPBACK_CALLBACK.test(value);
};
const allowPostLogout = provider.Client.prototype.postLogoutRedirectUriAllowed;
provider.Client.prototype.postLogoutRedirectUriAllowed = function postLogoutRedirectUriAllowed(value) {
  return allowPostLogout.call(this, value) || LOOPBACK_ANY.test(value);
};

for (const ev of ['server_error', 'authorization.error', 'grant.error', 'end_session.error', 'userinfo.error']) {
  provider.on(ev, (ctx, err) => console.error(`oidc_provider: ${ev}: ${err?.message} ${err?.error_description || ''}`));
}

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  const { prompt, params, session } = details;
  if (prompt.name === 'login') {
    const accountId = params.login_hint || process.env.OIDC_USER || 'alice';
    return provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
  }
  if (prompt.name === 'consent') {
    const grant = details.grantId ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    const d = prompt.details;
    if (d.missingOIDCScope) grant.addOIDCScope(d.missingOIDCScope.join(' '));
    if (d.missingOIDCClaims) grant.addOIDCClaims(d.missingOIDCClaims);
    for (const [ind, sc] of Object.entries(d.missingResourceScopes || {})) grant.addResourceScope(ind, sc.join(' '));
    const grantId = await grant.save();
    return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }
  res.statusCode = 400;
  res.end(`unexpected prompt ${prompt.name}`);
  return undefined;
}

const cb = provider.callback();
server.on('request', (req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((e) => {
      console.error('oidc_provider: interaction failed:', e);
      res.statusCode = 500;
      res.end(String(e));
    });
  } else cb(req, res);
});
const stop = () => { server.close(); server.closeAllConnections(); process.exit(0); };
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
console.log(`ISSUER ${issuer}`);
console.log(`LISTENING ${port}`);
console.error(`oidc_provider: issuer ${issuer}`);
