// Stylesheets imported for their side effect (`import './page.css'`): Vite bundles them.
declare module '*.css'
