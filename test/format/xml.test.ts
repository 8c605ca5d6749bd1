/** The one markup escaping (format/xml.ts): report.html's `esc` is it too. Expected text written by hand. */
import { describe, expect, it } from 'vitest';
import { xmlText } from '../../src/core/format/xml.ts';
import { esc } from '../../src/core/emit/html/h.ts';

describe('markup escaping', () => {
  it('escapes the five characters and shows what HTML or XML forbids as U+FFFD', () => {
    // C0 control, DEL, lone surrogate and a noncharacter become U+FFFD; tab, é and an emoji stay.
    expect(xmlText('a\u0001b\u007fc\uD800d\uFFFEe\t<&>"\'é😀')).toBe(
      'a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\t&lt;&amp;&gt;&quot;&#39;é😀',
    );
  });

  it('is the escaping of report.html as well', () => {
    expect(esc).toBe(xmlText);
  });
});
