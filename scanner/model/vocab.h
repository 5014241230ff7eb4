/*
 * vocab.h - the words every layer shares: a finding's status, a check's
 * severity, the frameworks a check maps to and the severity/risk levels
 * Azure writes.  Plain enums and their names (model/vocab.c), so that the
 * run's settings (config.h), the input files (attestations) and the
 * policy can speak of them without including the check catalogue.
 */
#ifndef IRSCAN_VOCAB_H
#define IRSCAN_VOCAB_H

/* STATUS_UNSET is 0 so that a zeroed finding never reads as a pass. */
enum status {
	STATUS_UNSET = 0,
	STATUS_PASS,
	STATUS_FAIL,
	STATUS_ERROR,
	STATUS_MANUAL,
	STATUS_WAIVED,
	STATUS_NOT_APPLICABLE,
	STATUS__COUNT
};

enum severity {
	SEV_UNSET = 0,
	SEV_LOW,
	SEV_MEDIUM,
	SEV_HIGH,
	SEV_CRITICAL,
	SEV__COUNT,
	SEV_NEVER = SEV__COUNT	/* --fail-on never */
};

enum framework {
	FW_ASB_IR_2019 = 0,
	FW_ASB_V1,
	FW_MCSB_V1,
	FW_CIS_AZURE_2_1_0,
	FW_CIS_AZURE_3_0_0,
	FW_CIS_AZURE_4_0_0,
	FW__COUNT
};

/* Severity / risk thresholds, ordered so that a lower value is broader. */
enum level {
	LEVEL_UNSET = 0,	/* absent */
	LEVEL_LOW,
	LEVEL_MEDIUM,
	LEVEL_HIGH,
	LEVEL_CRITICAL,
	LEVEL_OTHER		/* present but not a known value */
};

const char *status_name(enum status s);
const char *severity_name(enum severity s);
int severity_parse(const char *s, enum severity *out);
const char *framework_name(enum framework f);
int framework_parse(const char *s, enum framework *out);
/* model/contacts.c: "High"/"medium"/... to a level (LEVEL_OTHER when unknown). */
enum level level_parse(const char *s);
const char *level_name(enum level l);

#endif
