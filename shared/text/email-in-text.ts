/**
 * Whether a note holds an email address, however it is spelled out. People who know an @ is
 * caught write it another way: "taro @ example.jp", "taro(at)example.jp", "taro [at] example
 * [dot] jp", "taro at example dot jp", "taro＠example．jp", "taro アットマーク example ドット
 * jp". Each of these is folded back to taro@example.jp first, then anything shaped like
 * local@domain.tld — or local@ a big mail provider with the .com left off — counts.
 *
 * " at " is also an English preposition: "Checkout at shop.example.jp failed" names a
 * merchant, not a person. After an ordinary word of a call note (checkout, payment, login, …)
 * it stays a word; after anything else (a name, a handle) it is read as @.
 *
 * Issue 16 review added: "atto", "a t", ＆/& for @; "period" and "full stop" for a dot, and a
 * dot with a space after it ("taro. at example. jp"); " on " for @ in a note that talks about
 * mail ("mail is taro on example.jp"); and name@word with no dot at all, written together
 * ("taro@nifty", "taro@exampledotjp", reversed "pj.elpmaxe@orat"): an @ glued to letters on
 * both sides is an address whatever follows. "customer", "caller", "cardholder" and "emailed"
 * are no longer prepositions' words: "customer at example.jp" reads as an address.
 *
 * Also read as @: (a), [@], (atmark) and any other spelling of @ in brackets, at-mark,
 * romaji attomaaku; as a dot: romaji dotto, ピリオド.
 *
 * Input is the folded text (normalise-text.ts), so ＠ and ． are ASCII already. The scan
 * looks left and right of each @ only as far as the next @ or space: linear in the text.
 */

// White space is collapsed to one space first, so " ?" below is all the slack needed (and no
// pattern can backtrack through a long run of spaces).
const AT_SPELLED = [
  / ?[([{<「【] ?(?:at ?mark|atto|at|a|@|アットマーク|あっとまーく|アット|あっと) ?[)\]}>」】] ?/giu,
  / ?(?:アットマーク|あっとまーく|(?<![a-z])at[ _-]?mark(?![a-z])|(?<![a-z])atto ?m[aā]-?a?ku(?![a-z])|アット|あっと) ?/giu,
  / (?:atto|a t) (?=[a-z\d])/giu,
  / ?[@&] ?/gu,
];
const DOT_SPELLED = [
  / ?[([{<「【] ?(?:dot|dotto|ドット|どっと|ピリオド|ぴりおど) ?[)\]}>」】] ?/giu,
  / ?(?:ドット|どっと|ピリオド|ぴりおど) ?/gu,
  / (?:dot|dotto|period|full ?stop) /giu,
  // "example . jp", "example。jp", "example・jp": a dot with spaces, or a Japanese one.
  /(?<=[a-z\d]) ?[.。・] ?(?=[a-z\d])/giu,
];
/** A word, then " at ": the word is checked against PREPOSITION_AFTER before folding. */
const WORD_AT = /(?<![a-z\d._%+-])([a-z\d._%+-]+) at (?=[a-z\d])/giu;

/** Words after which " at " is a preposition in a call note (Checkout at shop.example.jp). */
const PREPOSITION_AFTER = new Set(
  (
    'account app attempt attempted attempts authenticated authentication blocked book booked ' +
    'booking bought buy card charge charged check checked checkout ' +
    'check-out code codes contacted decline declined error errors fail failed ' +
    'fails issue locked log logged login merchant online order ordered orders paid pay payment ' +
    'payments problem purchase purchased purchases registered register reservation reserved ' +
    'retried retry sale shop shopped shopping signed site spent store subscription support ' +
    'transaction transactions tried trouble try used visited website'
  ).split(' '),
);

/** Mail providers an agent (or an accomplice) would recognise without the .com. */
const KNOWN_PROVIDER =
  /^(?:gmail|googlemail|yahoo|ymail|icloud|outlook|hotmail|docomo|ezweb|softbank|aol|protonmail)$/iu;

const LOCAL_CHAR = /^[^\s@<>()[\]{},;:"'、。「」『』【】]$/u;
const DOMAIN_CHAR = /^[a-z\d.-]$/iu;

/** A character of a name@word written together (no spaces). */
const GLUED_CHAR = /^[a-z\d._%+-]$/iu;
/** A note about mail: " on " before a domain reads as @ (mail is taro on example.jp). */
const MAIL_WORDS = /(?<![a-z])(?:e-?mail|mail|address)(?![a-z])|メール|アドレス/iu;
const WORD_ON = /(?<![a-z\d._%+-])([a-z\d._%+-]+) on (?=[a-z\d-]+\.[a-z]{2,})/giu;

export function holdsEmail(text: string): boolean {
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    if (gluedAddress(text, at)) return true;
  }
  const view = foldSpelledAddress(text);
  for (let at = view.indexOf('@'); at >= 0; at = view.indexOf('@', at + 1)) {
    if (addressAround(view, at)) return true;
  }
  return false;
}

function foldSpelledAddress(text: string): string {
  let view = text.replace(/\s+/gu, ' ');
  // " at " before the dots: "taro. at example" must not become "taro.at example".
  view = view.replace(WORD_AT, (whole, word: string) =>
    PREPOSITION_AFTER.has(word.toLowerCase()) ? whole : `${word}@`,
  );
  if (MAIL_WORDS.test(view)) {
    view = view.replace(WORD_ON, (whole, word: string) =>
      PREPOSITION_AFTER.has(word.toLowerCase()) ? whole : `${word}@`,
    );
  }
  for (const pattern of DOT_SPELLED) view = view.replace(pattern, '.');
  for (const pattern of AT_SPELLED) view = view.replace(pattern, '@');
  return view;
}

/** name@word with letters on both sides and no space: taro@nifty, pj.elpmaxe@orat. */
function gluedAddress(text: string, at: number): boolean {
  let start = at;
  while (start > 0 && GLUED_CHAR.test(text[start - 1] ?? '')) start--;
  let end = at + 1;
  while (end < text.length && GLUED_CHAR.test(text[end] ?? '')) end++;
  const local = text.slice(start, at);
  const domain = text.slice(at + 1, end);
  return /[a-z]/iu.test(local) && /^[a-z][a-z\d.-]+/iu.test(domain);
}

function addressAround(view: string, at: number): boolean {
  let start = at;
  while (start > 0 && LOCAL_CHAR.test(view[start - 1] ?? '')) start--;
  if (start === at) return false;
  let end = at + 1;
  while (end < view.length && DOMAIN_CHAR.test(view[end] ?? '')) end++;
  const labels = view
    .slice(at + 1, end)
    .split('.')
    .filter((label) => label !== '');
  if (labels.length === 0) return false;
  if (KNOWN_PROVIDER.test(labels[0] ?? '')) return true;
  return labels.length >= 2 && /^[a-z]{2,}$/iu.test(labels.at(-1) ?? '');
}
