package aar

import (
	"math"
	"testing"
)

// TestQuantile checks the linear interpolation between order statistics
// against values worked by hand.
func TestQuantile(t *testing.T) {
	tests := []struct {
		name   string
		sorted []float64
		q      float64
		want   float64
	}{
		{"one value", []float64{3}, 0.25, 3},
		{"median of an odd count", []float64{1, 2, 10}, 0.5, 2},
		{"median of an even count", []float64{1, 2, 4, 10}, 0.5, 3},
		{"lower quartile between values", []float64{1, 2, 4, 10}, 0.25, 1.75},
		{"upper quartile between values", []float64{1, 2, 4, 10}, 0.75, 5.5},
		{"minimum", []float64{1, 2, 4, 10}, 0, 1},
		{"maximum", []float64{1, 2, 4, 10}, 1, 10},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := quantile(tc.sorted, tc.q); math.Abs(got-tc.want) > 1e-12 {
				t.Errorf("quantile(%v, %v) = %v, want %v", tc.sorted, tc.q, got, tc.want)
			}
		})
	}
}

// TestMeanSD checks the mean and the sample standard deviation.
func TestMeanSD(t *testing.T) {
	tests := []struct {
		name     string
		vals     []float64
		mean, sd float64
	}{
		{"one value", []float64{0.8}, 0.8, 0},
		{"two values", []float64{1, 3}, 2, math.Sqrt2},
		{"met fractions", []float64{0, 1, 1, 1}, 0.75, 0.5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, sd := meanSD(tc.vals)
			if math.Abs(m-tc.mean) > 1e-12 || math.Abs(sd-tc.sd) > 1e-12 {
				t.Errorf("meanSD(%v) = %v, %v; want %v, %v", tc.vals, m, sd, tc.mean, tc.sd)
			}
		})
	}
}
