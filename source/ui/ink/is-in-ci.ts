// What Ink asks the is-in-ci package: whether it runs under continuous integration (CI or
// CONTINUOUS_INTEGRATION set and not "0"/"false"). If so, Ink draws nothing until the program
// leaves, then writes the last frame once. belay draws with Ink only when the terminal is a terminal
// (source/commands/front-end-choice.ts; otherwise the line front end), so an operator whose shell
// sets CI=true (a dev container, a CI job's debug shell) would stare at a blank screen. For belay the
// answer is always no.
const isInCi = false;
export default isInCi;
