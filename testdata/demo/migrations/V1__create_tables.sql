-- Tickit sample schema, as in the Redshift getting-started guide.
CREATE TABLE venue (
    venueid    smallint NOT NULL,
    venuename  varchar(100),
    venuecity  varchar(30),
    venuestate char(2),
    venueseats integer
) DISTSTYLE ALL;

CREATE TABLE sales (
    salesid    integer NOT NULL,
    listid     integer NOT NULL,
    sellerid   integer NOT NULL,
    buyerid    integer NOT NULL,
    eventid    integer NOT NULL,
    qtysold    smallint NOT NULL,
    pricepaid  decimal(8,2),
    commission decimal(8,2),
    saletime   timestamp
) DISTKEY (listid) SORTKEY (saletime);

COMMENT ON TABLE sales IS 'Loaded nightly with COPY ... IAM_ROLE default; see V2.';
