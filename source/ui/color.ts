// Whether the viewer draws colours, decided once from the environment. Ink's colours come from
// chalk, which reads FORCE_COLOR but not NO_COLOR: the viewer drops its colours itself.
// FORCE_COLOR wins, as in Node (0 or false: none); else a non-empty NO_COLOR (no-color.org) means none.
export function colorWanted(env: Record<string, string | undefined>): boolean {
	const force = env['FORCE_COLOR'];
	if (force !== undefined) return force !== '0' && force !== 'false';
	return !env['NO_COLOR'];
}
