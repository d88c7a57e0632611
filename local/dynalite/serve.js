'use strict';
// The local stack's DynamoDB, started by com.atelier.local.servers.DynamoDbServer:
//   node serve.js PORT [DATA_DIR]
// PORT 0 lets the kernel choose (dynalite's own CLI turns 0 into 4567); the chosen port is printed
// on the first line. Tables are ACTIVE at once instead of after dynalite's simulated 500 ms.
const dynalite = require('dynalite');

const [portArgument, dataDir] = process.argv.slice(2);
const options = { createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 };
if (dataDir) {
  options.path = dataDir;
}

const server = dynalite(options);
server.on('error', (error) => {
  process.stderr.write(`dynalite: ${error.message}\n`);
  process.exit(1);
});
server.listen(Number(portArgument || 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});

// The JVM that started us holds our stdin. When it ends, even by SIGKILL, stdin closes and we
// follow, so no DynamoDB process outlives the stack.
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
