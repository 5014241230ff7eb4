/* version.h - the one place the version number lives. */
#ifndef IRSCAN_VERSION_H
#define IRSCAN_VERSION_H

#define IRSCAN_VERSION "0.1.0"
#define IRSCAN_INFO_URI "https://github.com/irscan/irscan"

#endif
