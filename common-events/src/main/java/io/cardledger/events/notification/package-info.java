/** Issuer notifications: the raw log's message and its typed view. */
package io.cardledger.events.notification;
