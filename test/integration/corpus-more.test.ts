// The other half of the corpus adopted through the bin (corpus.test.ts has the first and says why).
import { adoptionSuite } from '../support/corpus-suite.js';

adoptionSuite(1);
