/**
 * `shellParts`: where each `${{ }}` of a shell step stands as bash reads the script, decided by a
 * lexer that follows quotes, `$( )`, backticks, `${ }`, arithmetic, `[[ ]]`, subscripts, comments,
 * here-documents and line continuations. Pure: text in, places out.
 */
import {describe, expect, it} from 'vitest';
import {shellParts, type Place} from '../../source/steps/shell-context.js';

/** Each value's place in short: `word`, `word*` (a word of its own), `double`, `single`, `heredoc`, or `unsafe:KIND`. */
function places(text: string): string[] {
	return shellParts(text).flatMap(part => (part.kind === 'value' ? [short(part.place)] : []));
}

function short(place: Place): string {
	if (place.kind === 'unsafe') return `unsafe:${place.why.kind}`;
	if (place.kind === 'word') return place.standalone ? 'word*' : 'word';
	return place.kind;
}

describe('values bash takes as text', () => {
	it.each([
		['a word of its own', 'cp ${{ a }} ${{ b }}', ['word*', 'word*']],
		['part of a word', 'cp pre${{ a }}post --to=${{ b }}', ['word', 'word']],
		['inside double quotes', 'echo "restoring ${{ a }} now"', ['double']],
		['inside single quotes', "echo 'restoring ${{ a }} now'", ['single']],
		['quotes closed before', `echo "it's" \${{ a }} "x \${{ b }}" 'y \${{ c }}'`, ['word*', 'double', 'single']],
		['an escaped quote is no quote', 'echo \\" ${{ a }}', ['word*']],
		['a backslash inside single quotes is literal', "echo 'C:\\' ${{ a }}", ['word*']],
		['inside "$( )": a fresh context', '"$( echo ${{ a }} )"', ['word*']],
		['double quotes inside $( )', '$(echo "${{ a }}")', ['double']],
		['nested $( ) in double quotes', '"$(a "$(b ${{ a }})")"', ['word*']],
		['a process substitution', 'diff <(cat ${{ a }}) >(cat "${{ b }}")', ['word*', 'double']],
		['a subshell and a function', '(echo ${{ a }}); f() { echo ${{ b }}; }', ['word*', 'word*']],
		['a quote inside a comment changes nothing', "# it's a comment\necho ${{ a }}", ['word*']],
		['a quote in a comment after a command', 'echo hi # with "quote\necho ${{ a }}', ['word*']],
		['# inside a word is no comment', 'echo a#b ${{ a }}#c', ['word']],
		['$# and ${#x} are no comments', 'echo $# ${#x} ${x#*/} ${{ a }}', ['word*']],
		['a case word and pattern', 'case ${{ a }} in ${{ b }}) echo ${{ c }};; (*) :;; esac', ['word*', 'word*', 'word*']],
		['a case inside $( )', 'x=$(case a in a) echo;; esac) ${{ a }}', ['word*']],
		['a for list', 'for item in ${{ a }} "${{ b }}"; do :; done', ['word*', 'double']],
		['an assignment', 'name=${{ a }} other="${{ b }}"', ['word', 'double']],
		['declare name=value', 'declare name=${{ a }}; export X=${{ b }}; local y="${{ c }}"', ['word', 'word', 'double']],
		['an array assignment', 'arr=(${{ a }} "${{ b }}" [k]=${{ c }})', ['word*', 'double', 'word']],
		['a redirection target of read', 'read -r line < ${{ a }}', ['word*']],
		['[ ] and test compare text', '[ ${{ a }} -eq 3 ] && test -n "${{ b }}"', ['word*', 'double']],
		['[ ] compares two values', '[ "${{ a }}" = "${{ b }}" ]', ['double', 'double']],
		['printf -v names the variable, the rest is text', 'printf -v out %s ${{ a }}', ['word*']],
		['printf with a value format and arguments', "printf '%s %s' ${{ a }} ${{ b }}", ['word*', 'word*']],
		['a command named by a value alone', '${{ a }} --flag', ['word*']],
		['a line continuation', 'echo \\\n  ${{ a }}', ['word*']],
		['an escaped $ before a value', 'echo \\$${{ a }}', ['word']],
		['a value after arithmetic that is closed', 'echo $(( 1 + 2 )) ${{ a }} $[3] ${x:1:2} ${{ b }}', ['word*', 'word*']],
		['a value after [[ ]] that is closed', '[[ -n $x ]] && echo ${{ a }}', ['word*']],
	])('%s', (_name, text, expected) => {
		expect(places(text)).toEqual(expected);
	});
});

describe('here-documents', () => {
	it.each([
		['an unquoted body', 'cat <<EOF\n${{ a }} "${{ b }}"\nEOF\necho ${{ c }}', ['heredoc', 'heredoc', 'word*']],
		['<<- with tabs', 'cat <<-EOF\n\t${{ a }}\n\tEOF\necho ${{ b }}', ['heredoc', 'word*']],
		['two on one line, one quoted', 'cat <<A; cat <<"B"\n${{ a }}\nA\n${{ b }}\nB\necho ${{ c }}', ['heredoc', 'unsafe:quoted-heredoc', 'word*']],
		['$( ) inside a body is a fresh context', 'cat <<EOF\n$(echo ${{ a }} "${{ b }}")\nEOF', ['word*', 'double']],
		['a body inside $( )', 'x=$(cat <<EOF\n${{ a }} )\nEOF\n)\necho ${{ b }}', ['heredoc', 'word*']],
		['a line ending in \\ joins the next: it is not the delimiter', 'cat <<EOF\na\\\nEOF\n${{ a }}\nEOF\necho ${{ b }}', ['heredoc', 'word*']],
		['a line ending in \\\\ does not', 'cat <<EOF\na\\\\\nEOF\necho ${{ a }}', ['word*']],
		['a value on the line of <<', 'cat <<EOF ${{ a }}\nbody\nEOF', ['word*']],
		['a here-string is a word', 'cat <<< ${{ a }}', ['word*']],
		["<<'EOF'", "cat <<'EOF'\n${{ a }}\nEOF\necho ${{ b }}", ['unsafe:quoted-heredoc', 'word*']],
		['<<"EOF"', 'cat <<"EOF"\n${{ a }}\nEOF', ['unsafe:quoted-heredoc']],
		['<<\\EOF', 'cat <<\\EOF\n${{ a }}\nEOF', ['unsafe:quoted-heredoc']],
		['a value as the delimiter', 'cat <<${{ a }}\nx\n${{ b }}', ['unsafe:heredoc-delimiter', 'unsafe:lost']],
		['EOF) does not end a body at the top level', 'cat <<EOF\nEOF)\n${{ a }}\nEOF', ['heredoc']],
		['EOF) may end a body inside $( ): belay does not follow', 'x=$(cat <<EOF\nfoo\nEOF)\necho ${{ a }}', ['unsafe:lost']],
	])('%s', (_name, text, expected) => {
		expect(places(text)).toEqual(expected);
	});

	it('gives a body its delimiter, and whether tabs are stripped', () => {
		const [part] = shellParts('cat <<-END\n\t${{ a }}\n\tEND').filter(part => part.kind === 'value');
		expect(part?.kind === 'value' && part.place).toEqual({kind: 'heredoc', heredocs: [{delimiter: 'END', strip: true, quoted: false}], assignment: false});
	});

	it('gives a value inside $( ) in a body every body it stands in', () => {
		const [part] = shellParts('cat <<A\n$(cat <<B\n"$(echo "${{ a }}")"\nB\n)\nA').filter(part => part.kind === 'value');
		expect(part?.kind === 'value' && part.place).toEqual({
			kind: 'double',
			heredocs: [
				{delimiter: 'A', strip: false, quoted: false},
				{delimiter: 'B', strip: false, quoted: false},
			],
			assignment: false,
		});
	});
});

describe('values bash would read as code, arithmetic or a name', () => {
	it.each([
		['backticks', 'echo `echo ${{ a }}`', 'backtick'],
		['backticks in double quotes', 'echo "`echo ${{ a }}`"', 'backtick'],
		['a comment', 'echo hi # ${{ a }}', 'comment'],
		['$(( ))', 'echo $(( ${{ a }} + 1 ))', 'arithmetic'],
		['(( ))', '(( ${{ a }} > 2 ))', 'arithmetic'],
		['for (( ))', 'for (( i = 0; i < ${{ a }}; i++ )); do :; done', 'arithmetic'],
		['$[ ]', 'echo $[ ${{ a }} ]', 'arithmetic'],
		['$( ) inside $(( ))', 'echo $(( $(echo "${{ a }}") ))', 'arithmetic'],
		['[[ ]]', '[[ ${{ a }} -gt 3 ]]', 'test'],
		['[[ ]] quoted', 'if [[ "${{ a }}" == x ]]; then :; fi', 'test'],
		['a subscript', 'arr[${{ a }}]=x', 'arithmetic'],
		['a subscript in an array assignment', 'arr=([${{ a }}]=x)', 'arithmetic'],
		['${arr[ ]}', 'echo ${arr[${{ a }}]}', 'expansion'],
		['${x:offset}', 'echo "${x:${{ a }}}"', 'expansion'],
		['${VAR:-default}', 'echo ${VAR:-${{ a }}}', 'expansion'],
		['quoted inside ${ } inside quotes', 'echo "${VAR:-"${{ a }}"}"', 'expansion'],
		['let', 'let n=${{ a }}', 'arithmetic'],
		['declare -i', 'declare -i n=${{ a }}', 'arithmetic'],
		['typeset -i', 'typeset -ri n="${{ a }}"', 'arithmetic'],
		['declare -n', 'declare -n ref=${{ a }}', 'name'],
		['declare -a', 'declare -a arr=${{ a }}', 'array'],
		['a declare name', 'declare ${{ a }}', 'name'],
		['an assignment when the script declares an integer', 'n=${{ a }}\nf() { local -i n; }', 'integer'],
		["$'…'", "echo $'a ${{ a }}'", 'ansi'],
		['$"…"', 'echo $"a ${{ a }}"', 'locale'],
		['eval', 'eval "echo ${{ a }}"', 'code'],
		['eval after builtin', 'builtin eval ${{ a }}', 'code'],
		['trap', 'trap ${{ a }} EXIT', 'code'],
		['read', 'read -r ${{ a }}', 'name'],
		['printf -v', 'printf -v ${{ a }} %s x', 'name'],
		['[ -v ]', '[ -v ${{ a }} ]', 'name'],
		['test -v', 'test -v "${{ a }}"', 'name'],
		['compgen -W', 'compgen -W "${{ a }}" x', 'code'],
		['a command named by a value', '${{ b }} ${{ a }}', 'dynamic'],
		['a builtin named by a value, after command', 'command -p ${{ b }} ${{ a }}', 'dynamic'],
		['a test operand right after a value, which could be -v', '[ ${{ b }} "${{ a }}" ]', 'operator'],
		["a value after a value as printf's first argument, which could be -v", 'printf ${{ b }} ${{ a }}', 'operator'],
		['RANDOM=', 'RANDOM=${{ a }}', 'special'],
		['PS4=', 'PS4="${{ a }}"; set -x', 'special'],
		['a backslash before ${{', 'echo \\${{ a }}', 'escaped'],
		['a backslash before ${{ in double quotes', 'echo "\\${{ a }}"', 'escaped'],
		['a $ before ${{', 'echo $${{ a }}', 'dollar'],
		['a ) that closes nothing', 'echo )\necho ${{ a }}', 'lost'],
		['(( whose )) bash would not find', 'echo $((a) )\necho ${{ a }}', 'lost'],
		['an unclosed [[', '[[ -n x\necho ${{ a }}', 'test'],
	])('%s', (_name, text, kind) => {
		expect(places(text).slice(-1)).toEqual([`unsafe:${kind}`]);
		// `b` is a value bash takes as text; `a` the one it would not.
		expect(places(text).slice(0, -1).every(place => !place.startsWith('unsafe'))).toBe(true);
	});

	it('says where, in words', () => {
		const [part] = shellParts('echo $(( ${{ a }} ))');
		const value = shellParts('echo $(( ${{ a }} ))').find(candidate => candidate.kind === 'value');
		expect(part?.kind).toBe('text');
		expect(value?.kind === 'value' && value.place).toEqual({kind: 'unsafe', why: {kind: 'arithmetic', where: 'inside $(( ))'}});
	});

	it('a value inside a construct that makes it unsafe stays unsafe in a $( ) there', () => {
		expect(places('eval "$(printf %s "${{ a }}")"')).toEqual(['unsafe:code']);
		expect(places('read x <<< "$(echo ${{ a }})"')).toEqual(['word*']);
	});
});

describe('the parts', () => {
	it('give each value its expression, where the expression starts, and where its ${{ starts', () => {
		const text = 'cp ${{ inputs.from }} "${{vars.to}}"';
		const values = shellParts(text).filter(part => part.kind === 'value');
		expect(values.map(part => part.kind === 'value' && [part.source, text.slice(part.offset, part.offset + part.source.length), text.slice(part.start, part.start + 3)])).toEqual([
			['inputs.from', 'inputs.from', '${{'],
			['vars.to', 'vars.to', '${{'],
		]);
	});

	it('keep the text around the values as written', () => {
		const parts = shellParts('a ${{ x }} b');
		expect(parts.map(part => (part.kind === 'text' ? part.text : '#'))).toEqual(['a ', '#', ' b']);
		expect(shellParts('plain text')).toEqual([{kind: 'text', text: 'plain text'}]);
	});

	it('a text that is one expression is one word', () => {
		expect(places('${{ steps.plan.outputs.command }}')).toEqual(['word*']);
	});
});
