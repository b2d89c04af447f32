import assert from "node:assert/strict";
import { formatRecipient, formatStats, formatTrouble, printable } from "./format.ts";

const T = new Date(Date.UTC(1995, 8, 26, 4, 46, 54));

Deno.test("qmail-qread's stats line is the GMT date, #id, size, <sender> and a space", () => {
  assert.equal(
    formatStats({ id: 12345, time: T, size: 678, sender: "alice@example.com" }),
    "26 Sep 1995 04:46:54 GMT  #12345  678  <alice@example.com> \n",
  );
});

Deno.test("qmail-qread marks a message with a pending bounce ' bouncing'", () => {
  assert.equal(
    formatStats({ id: 7, time: T, size: 0, sender: "", bouncing: true }),
    "26 Sep 1995 04:46:54 GMT  #7  0  <>  bouncing\n",
  );
});

Deno.test("qmail-qread marks a message still in todo/ ' todo'", () => {
  assert.equal(
    formatStats({ id: 8, time: T, size: 5, sender: "a@b", todo: true }),
    "26 Sep 1995 04:46:54 GMT  #8  5  <a@b>  todo\n",
  );
});

Deno.test("qmail-qread does not pad the day of the month", () => {
  const t = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
  assert.equal(
    formatStats({ id: 1, time: t, size: 1, sender: "x" }),
    "2 Jan 2026 03:04:05 GMT  #1  1  <x> \n",
  );
});

Deno.test("qmail-qread shows recipients with their channel and marks done ones", () => {
  assert.equal(
    formatRecipient({ channel: "remote", done: false, address: "bob@example.net" }),
    "\tremote\tbob@example.net\n",
  );
  assert.equal(
    formatRecipient({ channel: "local", done: true, address: "carol@example.com" }),
    "  done\tlocal\tcarol@example.com\n",
  );
  assert.equal(
    formatRecipient({ channel: "todo", done: false, address: "dave@example.org" }),
    "\ttodo\tdave@example.org\n",
  );
});

Deno.test("qmail-qread shows bytes outside printable ASCII as _", () => {
  assert.equal(printable("a\tb\nc\x7fd\xe9e~ "), "a_b_c_d_e~ ");
  assert.equal(
    formatRecipient({ channel: "local", done: false, address: "x\ny\xff" }),
    "\tlocal\tx_y_\n",
  );
  assert.equal(
    formatStats({ id: 2, time: T, size: 3, sender: "\x01s\xe9" }),
    "26 Sep 1995 04:46:54 GMT  #2  3  <_s_> \n",
  );
});

Deno.test("qmail-qread's warning names the message and the error", () => {
  assert.equal(
    formatTrouble(42, "file does not exist"),
    "warning: trouble with #42: file does not exist\n",
  );
});
