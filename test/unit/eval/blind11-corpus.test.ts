import { describeBlindCorpus } from './blind-corpus-checks';

// Blind corpus 11 is one set (no dev/holdout split): its shape and its independence from every
// other corpus and triage project (blind-corpus-checks.ts).
describeBlindCorpus('blind11', 'blind corpus 11');
