package main

import "math"

func expProb(logp float64) float64 { return math.Exp(logp) }
