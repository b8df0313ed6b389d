/** Splits a stream of chunks into lines; `flush` returns what is left without a newline. */
export class LineSplitter {
	private rest = '';

	push(chunk: string): string[] {
		const text = this.rest + chunk;
		const lines = text.split(/\r?\n/);
		this.rest = lines.pop() ?? '';
		return lines;
	}

	flush(): string[] {
		const rest = this.rest;
		this.rest = '';
		return rest === '' ? [] : [rest];
	}
}
