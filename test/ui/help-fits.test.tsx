// The help overlay at 80x24 (its body is 22 lines): every key and every glyph of the legend shows.
import {render} from 'ink-testing-library';
import {expect, it} from 'vitest';
import {cellLooks, stepLooks} from '../../source/matrix/glyphs.js';
import {Help} from '../../source/ui/components/help.js';
import {lines} from './data.js';

it('at 80x24 holds every key and every glyph\'s word', () => {
	const text = lines(render(<Help width={80} height={22} />).lastFrame()).join('\n');
	for (const key of ['p ', 'r ', 'a ', 'q ', 'tab', '⏎', 'n N · / x', 'esc / f', 'g ', 'L ', 'H ']) expect(text).toContain(key);
	for (const look of [...Object.values(cellLooks), ...Object.values(stepLooks)]) expect(text).toContain(look.word);
	expect(text).toContain('stalled');
});
