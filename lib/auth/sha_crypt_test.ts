import assert from "node:assert/strict";
import { parseShaCrypt, randomSalt, shaCrypt } from "./sha_crypt.ts";

// Outputs of `openssl passwd -6/-5 -salt …` and Python's crypt.crypt, recorded.
const KNOWN: [string, string][] = [
  [
    "secret",
    "$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1",
  ],
  ["Hello world!", "$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5"],
  [
    "Hello world!",
    "$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.",
  ],
  [
    "",
    "$6$abc$mJP3a6FyA8uCnzRtlnNypPwjnvpi5TP9qOrInzrfDmwxUQG38PkpCPdqfTb8JQfAngapMxeim4AZ..hSdRRzD.",
  ],
  [
    "pässwörd",
    "$6$abcdefgh$qlUjQo8xiC5dmwOr49rtm.DQdv9onQYoWr0dgDR2SqMkw1296.hIZnRd/ltg71cpfDQGxCw0Bli1kXypCoIxg0",
  ],
  [
    "pässwörd",
    "$6$rounds=1000$abcdefgh$B1aVteGQOqUS9lI2PNDcl9wMunEnXU6fzjXrRnnjiKZoqU40kdv7q7otlYDWg9vlTD2K40LzvOre3nE1Xv0Mm0",
  ],
  ["x", "$5$abc$sCOGUciM.GdmYMCUvmUcgu03oRH87O0clF96.9mwWGB"],
];

Deno.test("shaCrypt matches openssl and glibc crypt for $5$ and $6$", () => {
  for (const [password, hash] of KNOWN) assert.equal(shaCrypt(password, hash), hash);
});

Deno.test("shaCrypt matches openssl passwd -6 on a fresh random salt", async () => {
  const salt = randomSalt();
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command("openssl", {
      args: [
        "passwd",
        "-6",
        "-salt",
        salt,
        "a long pass phrase, longer than sixty-four bytes: 0123456789",
      ],
      stdout: "piped",
    }).output();
  } catch {
    console.log("skipped: openssl is not installed");
    return;
  }
  const hash = new TextDecoder().decode(out.stdout).trim();
  assert.equal(
    shaCrypt("a long pass phrase, longer than sixty-four bytes: 0123456789", hash),
    hash,
  );
});

Deno.test("the salt is cut at 16 characters and rounds are clamped to the spec's range", () => {
  assert.equal(parseShaCrypt("$6$0123456789abcdefXYZ$")?.salt, "0123456789abcdef");
  assert.equal(parseShaCrypt("$6$rounds=10$s$")?.rounds, 1000);
  assert.equal(parseShaCrypt("$1$md5$x"), undefined);
});
