// The audit as other commands use it: the generator's closing summary runs it on the files it just
// wrote. Nothing outside check/ imports any other file of check/.
export { audit } from './audit.js';
export { summary } from './report/text.js';
