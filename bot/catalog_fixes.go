package bot

// fixMessages are words added by audit fixes, kept apart from the feature catalogs
// while those are being reworded.
var fixMessages = Messages{
	"triage.group.coordinator_only": {"Coordinator of %[2]s: %[1]s.", "Tovholder for %[2]s: %[1]s."},
}
