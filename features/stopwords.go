package features

import "strings"

// StopFilter drops tokens whose term is in a set of function words. The set
// is matched against normalised terms: NewAnalyzer normalises the list with
// the analyser's own Normalizer, so "إلى" in the list also drops "الى".
type StopFilter struct {
	set map[string]struct{}
}

// NewStopFilter builds a filter for the given words, taken as they are.
func NewStopFilter(words []string) *StopFilter {
	f := &StopFilter{set: make(map[string]struct{}, len(words))}
	for _, w := range words {
		f.set[w] = struct{}{}
	}
	return f
}

// Contains reports whether term is a stop word.
func (f *StopFilter) Contains(term []byte) bool {
	_, ok := f.set[string(term)]
	return ok
}

// Filter implements TokenFilter.
func (f *StopFilter) Filter(text []byte, tokens []Token) []Token {
	out := tokens[:0]
	for _, t := range tokens {
		if !f.Contains(t.Term(text)) {
			out = append(out, t)
		}
	}
	return out
}

// DefaultStopWords returns the built-in list: Arabic function words
// (prepositions, conjunctions, pronouns, demonstratives, relatives, particles,
// auxiliaries, and frequent adverbs of time and place), plus French and
// English function words for the mixed text of Maghrebi news. Content words
// that news style repeats in every topic (قال، أكد، اليوم) are not in it: the
// classifier weighs those itself.
//
// A model stores the list it was trained with, so changing this list never
// changes what an existing model does.
func DefaultStopWords() []string {
	var out []string
	for _, block := range []string{arabicStopWords, frenchStopWords, englishStopWords} {
		out = append(out, strings.Fields(block)...)
	}
	return out
}

const arabicStopWords = `
من إلى الى عن على في مع عند لدى حتى منذ مذ خلال بين دون بدون نحو حول ضد عبر لدى قبل بعد فوق تحت أمام خلف وراء
إلى على لكي كي كما مثل غير سوى إلا الا عدا خلا حاشا
و أو ام أم ثم بل لكن لكنّ لكنه لكنها إن ان أن إنّ أنّ إنه أنه إنها أنها إنهم أنهم لأن لان كأن كأنّ ليت لعل
لا لم لن ما ماذا متى أين اين كيف كم هل أي أيّ أيا إذ إذا اذا إذن لو لولا لوما قد لقد سوف
هو هي هم هما هن أنا انا نحن أنت انت أنتم انتم أنتما أنتن إياه إياها إياهم إياي إيانا
هذا هذه هذان هاتان هؤلاء ذلك ذاك تلك أولئك اولئك هنا هناك هنالك ثمة ثمّ
الذي التي اللذان اللتان الذين اللاتي اللواتي اللائي اللذين اللتين من ما
كان كانت كانوا كنت كنا يكون تكون يكونون تكونون أكون نكون ليس ليست ليسوا لست صار أصبح أضحى أمسى بات ظل مازال مازالت لازال لايزال مايزال زال يزال تزال
به بها بهم بهما بي بك بكم بنا له لها لهم لهما لي لك لكم لنا فيه فيها فيهم فيهما عنه عنها عنهم منه منها منهم عليه عليها عليهم إليه اليه إليها اليها إليهم اليهم معه معها معهم عنده عندها عندهم لديه لديها لديهم بينهم بينها
كل كلا كلتا بعض جميع أي غير نفس ذات عدة أكثر اكثر أقل اقل جدا أيضا ايضا فقط فحسب حيث حين حينما بينما عندما لما كلما ريثما طالما
وقد ولم ولن ولا وما وهو وهي وهم وهذا وهذه وذلك وتلك وكان وكانت وفي ومن وعلى وعن وإلى والى ومع وبين وبعد وقبل وأن وإن وكل وأيضا فقد فإن فان فلا فما فهو فهي ثم
يا أيها ايها آه أجل نعم بلى كلا
`

const frenchStopWords = `
le la les l un une des du de d et ou où à a au aux en dans par pour sur avec sans sous chez entre vers contre
ce cet cette ces ça cela ceci celui celle ceux celles qui que qu quoi dont lequel laquelle lesquels
il elle ils elles on nous vous je j tu te me m se s sa son ses mon ma mes ton ta tes leur leurs notre nos votre vos lui y
est sont été être était étaient sera seront a ont avait avaient aura fait
ne n pas plus mais comme si non oui aussi très tout tous toute toutes même déjà encore ainsi donc alors car ni
`

const englishStopWords = `
the a an and or but if then else of to in on at by for with from as into about over after before between through during
is are was were be been being am has have had having do does did will would shall should can could may might must
this that these those it its he she they them his her their our your my we you i me us him who whom which what
not no nor so than too very just only also there here when where why how all any each both few more most other some such
`
