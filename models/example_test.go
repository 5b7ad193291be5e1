package models_test

import (
	"fmt"

	"github.com/tasnif/tasnif/models"
)

func ExampleDefault() {
	m, err := models.Default()
	if err != nil {
		panic(err)
	}
	p := m.Predict("توقعات أحوال الطقس ليوم غد الإثنين", 1)
	fmt.Println(p.Label)
	// Output: weather
}

func ExampleTrain() {
	examples := []models.Example{
		{Text: "المنتخب يفوز في المباراة النهائية", Label: "sports"},
		{Text: "اللاعب يسجل هدفين في المباراة", Label: "sports"},
		{Text: "البرلمان يصادق على القانون", Label: "politics"},
		{Text: "الحكومة تقدم مشروع القانون للبرلمان", Label: "politics"},
	}
	opt := models.DefaultTrainOptions()
	opt.TFIDF.MinDF = 1
	m, err := models.Train(examples, opt)
	if err != nil {
		panic(err)
	}
	fmt.Println(m.Predict("هدف في المباراة", 1).Label)
	fmt.Println(m.Predict("مشروع قانون جديد", 1).Label)
	// Output:
	// sports
	// politics
}

func ExampleModel_Explain() {
	m, _ := models.Default()
	ex := m.Explain("الدرك الملكي يحجز مخدرات بالجديدة", 3)
	fmt.Println(ex.Label, len(ex.For) > 0)
	// Output: security true
}

func ExampleTagger_TagTitled() {
	m, _ := models.Default()
	t := m.NewTagger() // one per goroutine
	p := t.TagTitled("الأرصاد الجوية", "أمطار رعدية ورياح قوية غدا بعدد من مناطق المملكة", 1)
	fmt.Println(p.Label)
	// Output: weather
}
