// Satchel's age peer: the npm `age-encryption` package (typage, by the
// authors of age), an age implementation independent of the Rust crate
// Satchel uses. Secrets come from the environment, never the command line.
//
//   node age-peer.mjs decrypt IN OUT   decrypts IN with AGE_PASSPHRASE, or
//                                      with the identity (recovery code) in
//                                      AGE_IDENTITY, to OUT
//   node age-peer.mjs encrypt IN OUT   encrypts IN with AGE_PASSPHRASE
//                                      (scrypt work factor 2^18) to OUT
//   node age-peer.mjs jwk              prints a fresh Ed25519 key as a JWK
//                                      (node:crypto), for hand-made backups
import { generateKeyPairSync } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { Decrypter, Encrypter } from "age-encryption";

const [command, input, output] = process.argv.slice(2);
if (command === "jwk") {
  console.log(JSON.stringify(generateKeyPairSync("ed25519").privateKey.export({ format: "jwk" })));
  process.exit(0);
}
const bytes = new Uint8Array(readFileSync(input));
if (command === "decrypt") {
  const d = new Decrypter();
  if (process.env.AGE_IDENTITY) d.addIdentity(process.env.AGE_IDENTITY);
  else d.addPassphrase(process.env.AGE_PASSPHRASE);
  writeFileSync(output, await d.decrypt(bytes));
} else if (command === "encrypt") {
  const e = new Encrypter();
  e.setPassphrase(process.env.AGE_PASSPHRASE);
  e.setScryptWorkFactor(18);
  writeFileSync(output, await e.encrypt(bytes));
} else {
  console.error("usage: node age-peer.mjs decrypt|encrypt IN OUT");
  process.exit(2);
}
