package sim

// Stats are the exercise's running totals, the figures of a run summary.
type Stats struct {
	Attempted   int // groups that set out
	Crossed     int // groups that crossed the border
	Detected    int // groups detected at least once by any team
	Apprehended int // groups apprehended
	Escaped     int // groups that reached their destination
	Persons     int // persons in all groups that set out
	Vulnerable  int // groups with vulnerable persons

	TracksShared int // tracks delivered to a partner
	FalseTracks  int // tracks made by false alarms
	Incidents    int // unauthorised incursions
	FenceCuts    int

	CheckVehicles    int     // vehicles through checkpoint inspection
	CheckWaitTicks   int64   // sum of waits, ticks
	CheckMeanWait    float64 // seconds
	ContrabandFound  int
	ContrabandMissed int
	FalseIDFound     int
	FalseIDMissed    int

	CustodyGroups    int     // groups whose processing finished
	CustodyMeanHours float64 // mean hours from apprehension to processed
	CustodyTicks     int64   // sum, ticks

	CustodyPersons     int   // persons whose processing finished
	CustodyPersonTicks int64 // their ticks in custody, summed
	CustodyMaxTicks    int64 // the longest any of them was held, ticks
	AsylumClaims       int   // persons who claimed asylum when apprehended
	AsylumRegistered   int   // of them, claims registered by processing
	Refoulements       int   // groups of claimants returned across the line
	Readmitted         int   // persons handed back to the neighbour at a checkpoint
	MedicalTransfers   int   // persons transferred to hospital from a reception point

	Distress     int     // groups that fell into distress
	Deaths       int     // persons who died crossing (drowned, cold, heat)
	Rescues      int     // groups in distress a unit reached in time
	Humanitarian int     // of them, rescues across the line under an agreement
	TradeCost    float64 // cost of the vehicle-hours waited at checkpoints

	Teams []TeamStats
}

// TeamStats are one team's figures, for the after-action review.
type TeamStats struct {
	ID               string
	Detections       int     // groups this team detected
	MeanDetectTicks  float64 // mean ticks from crossing to first detection
	Intercepts       int     // groups apprehended by this team's units
	MeanInterceptTks float64 // mean ticks from first detection to apprehension
	SharedOut        int     // tracks delivered to partners
	MeanShareTicks   float64 // mean ticks from track creation to delivery
	Incidents        int
	CustodyGroups    int
	CustodyMeanHours float64
	CheckVehicles    int
	CheckMeanWait    float64 // seconds
}
