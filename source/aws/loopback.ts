/**
 * Whether a URL points at this machine (127.0.0.0/8, ::1, localhost): the only endpoints a sandbox
 * environment may use, so a rehearsal never reaches a real AWS account.
 */
export function isLoopbackUrl(url: string): boolean {
	let host: string;
	try {
		const parsed = new URL(url);
		if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
		host = parsed.hostname.toLowerCase();
	} catch {
		return false;
	}
	if (host === 'localhost' || host === '[::1]' || host === '::1') return true;
	const octets = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
	return octets !== null && octets[1] === '127' && octets.slice(2).every(octet => Number(octet) <= 255);
}
