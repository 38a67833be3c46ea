import {it, expect} from 'vitest';
it('passes but leaves an error behind', async () => {
	setTimeout(() => { throw new Error('left behind on purpose'); }, 10);
	await new Promise((r) => setTimeout(r, 50));
	expect(1).toBe(1);
});
