// An endpoint's status as the Integrations screen of CluedIn words it.
export const STATUS = {
  "no-data-sent": "No data sent",
  "not-processed": "Not processed",
  processing: "Processing",
  processed: "Processed",
};
