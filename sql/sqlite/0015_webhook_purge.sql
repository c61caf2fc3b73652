-- Delivered deliveries are forgotten after webhook_delivery.keep_days, then the events left
-- with none: finding a delivery by its event (and the cascade from an event) needs this.
CREATE INDEX webhook_delivery_event ON webhook_delivery (event_id);
