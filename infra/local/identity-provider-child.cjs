// Child process of the local runtime: cognito-local, signing with this DATA_DIR's own key instead of the one
// published in its package (anyone could forge tokens with that), and gone when its parent is.
'use strict';
const { readFileSync } = require('node:fs');

const keyFile = process.env.IDENTITY_KEY_FILE;
if (!keyFile) throw new Error('IDENTITY_KEY_FILE is not set');
const key = JSON.parse(readFileSync(keyFile, 'utf8'));
// cognito-local requires these two JSON files for its signing key and its JWKS; filled in before it loads them.
for (const [file, value] of [
  ['cognito-local/lib/keys/cognitoLocal.private.json', { jwk: key.privateJwk, pem: key.privatePem }],
  ['cognito-local/lib/keys/cognitoLocal.public.json', { jwk: key.publicJwk, pem: key.publicPem }],
]) {
  const resolved = require.resolve(file);
  require.cache[resolved] = { id: resolved, filename: resolved, loaded: true, exports: value };
}

// An IPC channel that closes when the parent dies, SIGKILL included, so this process never outlives it.
process.on('disconnect', () => process.exit(0));

const pino = require('pino');
const { createDefaultServer } = require('cognito-local');

// There is no mail here: what Cognito would e-mail (a forgotten password's code) is printed, one line, to
// stdout, which the runtime prints. cognito-local's own sender logs it at info level, which is off (below).
const {
  ConsoleMessageSender,
} = require('cognito-local/lib/services/messageDelivery/consoleMessageSender.js');
ConsoleMessageSender.prototype.sendToConsole = (_ctx, user, _destination, message) => {
  process.stdout.write(`Code for ${user.Username}, instead of an e-mail: ${message.__code}\n`);
  return Promise.resolve();
};

// Its request log names users and carries tokens: only errors, to stderr.
const logger = pino({ level: 'error' }, pino.destination(2));
createDefaultServer(logger)
  .then((server) => server.start())
  .then((server) => {
    const address = server.address();
    process.send?.({ ready: true, port: typeof address === 'object' && address ? address.port : undefined });
  })
  .catch((error) => {
    process.stderr.write(`cognito-local did not start: ${error?.message ?? error}\n`);
    process.exit(1);
  });
