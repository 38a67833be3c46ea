// The live viewer's own output: lines styled as SGR runs (no colours under NO_COLOR), and only
// the lines that changed written again.
import {expect, it} from 'vitest';
import {ansiLine} from '../../source/ui/components/text.js';
import {FrameWriter} from '../../source/ui/frame-writer.js';

it('styles each run with its SGR codes and resets after it; without colour keeps bold, dim and inverse', () => {
	const segments = [{text: 'RUN', color: 'cyan', bold: true}, {text: ' ok '}, {text: 'x', color: 'red', inverse: true}, {text: '   '}];
	expect(ansiLine(segments, 80, true)).toBe('\u001b[1;36mRUN\u001b[0m ok \u001b[7;31mx\u001b[0m');
	expect(ansiLine(segments, 80, false)).toBe('\u001b[1mRUN\u001b[0m ok \u001b[7mx\u001b[0m');
	// Cut to the width, with the ellipsis.
	expect(ansiLine([{text: 'abcdefghij'}], 5, false)).toBe('abcd…');
});

it('draws the first frame whole, then only the lines that changed; a new size draws all again', () => {
	const out: string[] = [];
	const w = new FrameWriter({write: (t) => out.push(t)});
	w.draw(['one', 'two', 'three'], 40, 3);
	expect(out[0]).toContain('\u001b[2J');
	expect(out[0]).toContain('\u001b[1;1Hone');
	expect(out[0]).toContain('\u001b[3;1Hthree');
	w.draw(['one', 'TWO', 'three'], 40, 3);
	expect(out[1]).toBe('\u001b[2;1HTWO\u001b[K');
	w.draw(['one', 'TWO', 'three'], 40, 3);
	expect(out).toHaveLength(2); // nothing changed: nothing written
	w.draw(['one', 'TWO'], 40, 3);
	expect(out[2]).toBe('\u001b[3;1H\u001b[K'); // a line gone is erased
	w.draw(['one', 'TWO'], 50, 3);
	expect(out[3]).toContain('\u001b[2J');
	w.close();
	expect(out.at(-1)).toBe('\u001b[?25h');
});
