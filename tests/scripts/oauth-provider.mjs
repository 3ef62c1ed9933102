// A real OAuth2 / OpenID Connect provider on loopback for the sign-in tests: npm
// `oauth2-mock-server` (authorize, token with PKCE check, JWKS, discovery, userinfo, nonce
// carried into the id_token), signing RS256 with a fresh key. It plays one person, whose
// claims the test sets with `POST /__identity` and can change between sign-ins; the same
// person is served GitHub-shaped at `/user` and `/user/emails` so GitHub sign-in runs
// against it too (GitHub's REST API cannot run here).
//
// usage: node oauth-provider.mjs <path to oauth2-mock-server's package>
// prints "listening <port>" once it accepts connections.
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";

const packageDir = process.argv[2];
if (!packageDir) {
  console.error("usage: node oauth-provider.mjs <node_modules/oauth2-mock-server>");
  process.exit(2);
}
const { OAuth2Server } = await import(pathToFileURL(path.join(packageDir, "dist/index.mjs")).href);

let identity = {
  sub: "1001",
  login: "octocat",
  name: "The Octocat",
  email: "octocat@example.com",
  email_verified: true,
  picture: null,
};

const server = new OAuth2Server();
await server.issuer.keys.generate("RS256");

server.service.on("beforeTokenSigning", (token) => {
  // Both the access token and the id_token are about the current person.
  token.payload.sub = identity.sub;
  if (token.payload.nonce !== undefined || token.payload.aud !== undefined) {
    Object.assign(token.payload, {
      email: identity.email ?? undefined,
      email_verified: identity.email_verified,
      name: identity.name,
      preferred_username: identity.login,
      picture: identity.picture ?? undefined,
    });
    // For the tests that check we refuse a token meant for another sign-in or client.
    if (identity.forge_nonce) token.payload.nonce = identity.forge_nonce;
    if (identity.forge_audience) token.payload.aud = identity.forge_audience;
  }
});
server.service.on("beforeUserinfo", (response) => {
  response.body = {
    sub: identity.sub,
    email: identity.email ?? undefined,
    email_verified: identity.email_verified,
    name: identity.name,
    preferred_username: identity.login,
    picture: identity.picture ?? undefined,
  };
});

// An 8×8 opaque PNG: the picture the provider's profile points at.
const AVATAR_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAbElEQVR4nA3JQQEAMAgDMZRUCUqqpEpQgoh7o2jLN1WFii5cpJhiiyuqhEQLi4gRK04/GjXduEkzzTbXP4xMG5uYMWvOP4JCB4eECRsuPwYNPXjIMMMONz8WLb14yTLLLrc/Dh19+Mgxxx53PKaVZoFj4h8/AAAAAElFTkSuQmCC",
  "base64",
);

function json(res, status, body) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function bearer(req) {
  const header = req.headers.authorization ?? "";
  return header.startsWith("Bearer ") ? header.slice(7) : null;
}

const handler = server.service.requestHandler;
const front = http.createServer((req, res) => {
  const url = new URL(req.url, "http://localhost");
  if (req.method === "POST" && url.pathname === "/__identity") {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      identity = { ...identity, ...JSON.parse(body || "{}") };
      json(res, 200, identity);
    });
    return;
  }
  if (req.method === "GET" && url.pathname === "/user") {
    if (!bearer(req)) return json(res, 401, { message: "Requires authentication" });
    return json(res, 200, {
      id: Number(identity.sub),
      login: identity.login,
      name: identity.name,
      // GitHub shows only a public address here; null sends the client to /user/emails.
      email: identity.public_email === false ? null : identity.email,
      avatar_url: identity.picture,
    });
  }
  if (req.method === "GET" && url.pathname === "/avatar.png") {
    res.writeHead(200, { "content-type": "image/png" });
    return res.end(AVATAR_PNG);
  }
  if (req.method === "GET" && url.pathname === "/user/emails") {
    if (!bearer(req)) return json(res, 401, { message: "Requires authentication" });
    return json(res, 200, identity.email ? [{ email: identity.email, primary: true, verified: identity.email_verified }] : []);
  }
  handler(req, res);
});

front.listen(0, "127.0.0.1", () => {
  const { port } = front.address();
  server.issuer.url = `http://127.0.0.1:${port}`;
  console.log(`listening ${port}`);
});
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
