// Package features turns Arabic (and mixed Arabic/French/English) news text into
// TF-IDF feature vectors.
//
// The text pipeline reads like bleve's analysis chain: a character filter, a
// tokenizer, then token filters, each a small type with one job.
//
//	Normalizer   NFKC, tashkeel and tatweel removal, alef / alef maqsura /
//	             taa marbuta unification, Arabic-Indic digits to ASCII,
//	             lower-case Latin (each rule switchable, see Config)
//	Tokenizer    splits at spaces and every punctuation mark (، ؛ ؟ « » …),
//	             at full stops glued between words ("الحادث.واستمع"),
//	             and between Arabic letters and digits; keeps numbers whole
//	StopFilter   drops Arabic, French and English function words
//	LengthFilter drops one-letter tokens and runaway tokens
//	LightStemmer strips Arabic clitics and affixes (و ف ب ك ل ال … ات ون ين ها …)
//
// An Analyzer runs that chain and produces terms; word n-grams 1..N are
// built over the terms. A Vectorizer holds a vocabulary of n-grams with their
// inverse document frequencies and maps a text to an L2-normalised TF-IDF
// vector.
//
// Every step's settings live in Config, which a model file stores, so that
// tagging analyses text exactly as training did.
//
// Speed: token filters here are context-free (their output depends on the
// token alone), so an Analyzer caches the result per distinct token, and
// n-grams are looked up by a 64-bit hash of their terms instead of by
// string. In news text a few thousand distinct tokens cover most of the
// running words, so the filters run once per distinct token, not once per
// occurrence.
package features
