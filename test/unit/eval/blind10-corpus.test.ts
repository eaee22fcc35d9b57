import { describeBlindCorpus } from './blind-corpus-checks';

// Blind corpus 10 is one set (no dev/holdout split): its shape and its independence from every
// other corpus and triage project (blind-corpus-checks.ts).
describeBlindCorpus('blind10', 'blind corpus 10');
