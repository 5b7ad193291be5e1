package report_test

import (
	"log"
	"os"

	"github.com/tasnif/tasnif/classify"
	"github.com/tasnif/tasnif/report"
)

func ExampleWriteText() {
	gold := []string{"sports", "sports", "weather", "weather", "security"}
	pred := []string{"sports", "weather", "weather", "weather", "security"}
	e, err := classify.Evaluate(gold, pred, nil)
	if err != nil {
		log.Fatal(err)
	}
	r := &report.Report{
		Model: "models/tiny.tsf",
		Eval:  e,
		Mistakes: []report.Mistake{{
			ID: "spo-2", Text: "تأجيل مباراة الديربي بسبب الأمطار الغزيرة",
			Gold: "sports", Predicted: "weather", Confidence: 0.64,
			Terms: []report.Term{{Term: "أمطار", Weight: 1.3}, {Term: "تأجيل", Weight: 0.2}},
		}},
	}
	if err := report.WriteText(os.Stdout, r); err != nil {
		log.Fatal(err)
	}
	// Output:
	// tasnif evaluation
	// =================
	// Model  models/tiny.tsf
	//
	// Accuracy 0.800 (4 of 5)   macro F1 0.822   weighted F1 0.787
	//
	// Documents per label
	//   security  1
	//   sports    2
	//   weather   2
	//   total     5
	//
	// Per class
	//   label         precision  recall  F1     support  predicted
	//   security      1.000      1.000   1.000  1        1
	//   sports        1.000      0.500   0.667  2        1
	//   weather       0.667      1.000   0.800  2        3
	//   macro avg     0.889      0.833   0.822  5
	//   weighted avg  0.867      0.800   0.787  5
	//
	// Confusion matrix (rows gold, columns predicted)
	//   gold \ predicted  security  sports  weather  support
	//   security          1         .       .        1
	//   sports            .         1       1        2
	//   weather           .         .       2        2
	//   predicted         1         1       3        5
	//
	// Mistakes (1)
	// sports → weather (1)
	//   0.64  spo-2  تأجيل مباراة الديربي بسبب الأمطار الغزيرة
	//                terms: أمطار +1.30, تأجيل +0.20
}
