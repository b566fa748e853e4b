-- KatFacil (issue 22): every card and every wallet movement names its issuer. Rows written before
-- KatFacil existed are PayCaddy's. A constant default adds the column without rewriting the table.
ALTER TABLE wallet_transaction ADD COLUMN issuer TEXT NOT NULL DEFAULT 'paycaddy';
ALTER TABLE card ADD COLUMN issuer TEXT NOT NULL DEFAULT 'paycaddy';
