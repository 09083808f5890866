import { demoPersonByUpn, mintDemoToken } from './demo-token.js';

/** `npm run -s demo:token -- <upn>`: prints an access token for a demo user, nothing else. */
async function main(): Promise<void> {
  const upn = process.argv[2];
  const person = upn ? demoPersonByUpn(upn) : undefined;
  if (!person) {
    console.error(`Usage: npm run -s demo:token -- <userPrincipalName>\n${upn ? `No demo user ${upn}; ` : ''}see npm run -s demo:users`);
    process.exit(2);
  }
  process.stdout.write(`${await mintDemoToken(person)}\n`);
}

void main();
